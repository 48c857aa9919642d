package io.tracecheck.listen.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written spans JSON of a --jsonl line reads back, through the OTLP/JSON reader, as the spans written. */
class SpansJsonTest {
    @Test
    void everyFieldOfASpanReadsBackEqual() {
        Resource resource = Resource.newBuilder().addAttributes(attribute("service.name", AnyValue.newBuilder().setStringValue("shop")))
                .setDroppedAttributesCount(2).build();
        Span full = Span.newBuilder()
                .setTraceId(bytes(16, 1)).setSpanId(bytes(8, 2)).setParentSpanId(bytes(8, 3)).setTraceState("congo=t61rcWkgMzE")
                .setFlags(0x301).setName("GET /users/{id} \"quoted\" \\ tab\t newline\n \u0001 \u2028 é 😀")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_764_150_000_123_456_789L).setEndTimeUnixNano(-1L) // the top of uint64
                .addAttributes(attribute("s", AnyValue.newBuilder().setStringValue("")))
                .addAttributes(attribute("b", AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(attribute("i", AnyValue.newBuilder().setIntValue(Long.MIN_VALUE)))
                .addAttributes(attribute("d", AnyValue.newBuilder().setDoubleValue(-0.125e-7)))
                .addAttributes(attribute("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)))
                .addAttributes(attribute("inf", AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY)))
                .addAttributes(attribute("bytes", AnyValue.newBuilder().setBytesValue(bytes(5, 250))))
                .addAttributes(attribute("array", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a")).addValues(AnyValue.newBuilder().setIntValue(7))
                        .addValues(AnyValue.getDefaultInstance()))))
                .addAttributes(attribute("kv", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(attribute("nested", AnyValue.newBuilder().setBoolValue(false))))))
                .addAttributes(KeyValue.newBuilder().setKey("no value"))
                .addAttributes(KeyValue.newBuilder().setKeyStrindex(3).setValue(AnyValue.newBuilder().setStringValueStrindex(4)))
                .setDroppedAttributesCount(1)
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(5).setName("exception")
                        .addAttributes(attribute("exception.message", AnyValue.newBuilder().setStringValue("boom"))).setDroppedAttributesCount(1))
                .addEvents(Span.Event.newBuilder())
                .setDroppedEventsCount(4)
                .addLinks(Span.Link.newBuilder().setTraceId(bytes(16, 9)).setSpanId(bytes(8, 10)).setTraceState("x=1")
                        .addAttributes(attribute("l", AnyValue.newBuilder().setIntValue(1))).setDroppedAttributesCount(2).setFlags(1))
                .setDroppedLinksCount(6)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("timeout"))
                .build();
        Span bare = Span.newBuilder().setTraceId(bytes(16, 1)).setSpanId(bytes(8, 4)).setStatus(Status.getDefaultInstance()).build();
        Resource other = Resource.getDefaultInstance();
        Map<Resource, List<Span>> spans = new LinkedHashMap<>();
        spans.put(resource, List.of(full, bare));
        spans.put(other, List.of(Span.newBuilder().setName("alone").build()));

        String json = SpansJson.request(spans);

        ExportTraceServiceRequest expected = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(full).addSpans(bare)))
                .addResourceSpans(ResourceSpans.newBuilder().setResource(other).addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(Span.newBuilder().setName("alone"))))
                .build();
        assertThat(SpansJson.fast()).as("a field of the OTLP protos is unknown to SpansJson, which then writes through "
                + "OtlpJson, far slower: teach it the field").isTrue();
        assertThat(OtlpJson.parse(json.getBytes(StandardCharsets.UTF_8), ExportTraceServiceRequest.newBuilder()).build())
                .isEqualTo(expected);
        assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
    }

    private static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 37);
        }
        return ByteString.copyFrom(bytes);
    }
}
