package io.tracecheck.otlp;

import com.fasterxml.jackson.jr.ob.JSON;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-made probe against what the OpenTelemetry SDK makes and its OTLP marshaler encodes for
 * the same spans (the same ids and times given to the SDK): the same request, field for field, in
 * protobuf and in OTLP/JSON.
 */
class ProbeTraceTest {
    /** Names a service might have, quoting and non-ASCII included, for the JSON escapes and UTF-8. */
    @ParameterizedTest
    @ValueSource(strings = {"flask-backend", "web \"api\" \\ v2", "caf\u00e9-\u670d\u52a1-\ud83d\ude80", "tab\there\nnewline\u0001"})
    void theProtobufIsTheRequestTheSdksMarshalerWrites(String service) throws Exception {
        ProbeTrace probe = ProbeTrace.create(service, "run-" + service);
        ExportTraceServiceRequest ours = ExportTraceServiceRequest.parseFrom(probe.protobuf());
        ExportTraceServiceRequest sdks = ExportTraceServiceRequest.parseFrom(sdkEncoding(probe, false));
        assertThat(ours).isEqualTo(sdks);
        assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flask-backend", "web \"api\" \\ v2", "caf\u00e9-\u670d\u52a1-\ud83d\ude80", "tab\there\nnewline\u0001"})
    void theJsonIsTheDocumentTheSdksMarshalerWrites(String service) throws Exception {
        ProbeTrace probe = ProbeTrace.create(service, "run-" + service);
        Object ours = withoutEmptyLists(JSON.std.anyFrom(probe.json()));
        // the SDK also writes the empty lists (events, links, entityRefs, scope attributes) a proto3 JSON leaves out
        Object sdks = withoutEmptyLists(JSON.std.anyFrom(sdkEncoding(probe, true)));
        assertThat(ours).isEqualTo(sdks);
    }

    /** OTLP/JSON as the specification writes it, checked on its own terms rather than only against the SDK. */
    @Test
    @SuppressWarnings("unchecked")
    void theJsonFollowsTheOtlpJsonMapping() throws Exception {
        ProbeTrace probe = ProbeTrace.create("web", "run-1");
        Map<String, Object> json = JSON.std.mapFrom(probe.json());
        Map<String, Object> resourceSpans = ((List<Map<String, Object>>) json.get("resourceSpans")).get(0);
        Map<String, Object> scopeSpans = ((List<Map<String, Object>>) resourceSpans.get("scopeSpans")).get(0);
        assertThat(scopeSpans.get("scope")).isEqualTo(Map.of("name", "tracecheck"));
        List<Map<String, Object>> spans = (List<Map<String, Object>>) scopeSpans.get("spans");
        assertThat(spans).hasSize(2);
        for (Map<String, Object> span : spans) {
            assertThat((String) span.get("traceId")).matches("[0-9a-f]{32}").isEqualTo(probe.traceId());
            assertThat((String) span.get("spanId")).matches("[0-9a-f]{16}");
            assertThat(span.get("kind")).isInstanceOf(Number.class);
            assertThat(span.get("startTimeUnixNano")).isInstanceOf(String.class);
            assertThat(Long.parseLong((String) span.get("endTimeUnixNano")))
                    .isGreaterThanOrEqualTo(Long.parseLong((String) span.get("startTimeUnixNano")));
        }
        assertThat(spans.get(0)).containsEntry("name", "tracecheck probe child").containsEntry("kind", 1)
                .containsEntry("parentSpanId", spans.get(1).get("spanId"));
        assertThat(spans.get(1)).containsEntry("name", "tracecheck probe").containsEntry("kind", 2)
                .doesNotContainKey("parentSpanId");

        // the protobuf encoding says the same
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(probe.protobuf());
        ResourceSpans parsed = request.getResourceSpans(0);
        assertThat(parsed.getResource().getAttributesList()).extracting(KeyValue::getKey).containsExactly("service.name",
                "telemetry.sdk.language", "telemetry.sdk.name", "telemetry.sdk.version");
        assertThat(parsed.getScopeSpans(0).getSpans(1).getAttributesList()).containsExactly(
                KeyValue.newBuilder().setKey("tracecheck.probe").setValue(AnyValue.newBuilder().setBoolValue(true)).build(),
                KeyValue.newBuilder().setKey("tracecheck.run_id").setValue(AnyValue.newBuilder().setStringValue("run-1")).build());
    }

    /** The version the resource and the User-Agent name is the SDK's on the classpath, not a copy that goes stale. */
    @Test
    void theSdkVersionIsTheOneOnTheClasspath() {
        assertThat(ProbeTrace.create("web", "run").sdkVersion())
                .isEqualTo(Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version")))
                .isEqualTo(io.opentelemetry.exporter.otlp.internal.OtlpUserAgent.getUserAgent()
                        .replace("OTel-OTLP-Exporter-Java/", ""));
    }

    @Test
    void idsAreValidAndUniqueAndTimesAreNow() {
        Instant before = Instant.now();
        Set<String> traceIds = new HashSet<>();
        Set<String> spanIds = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ProbeTrace probe = ProbeTrace.create("web", "run");
            assertThat(probe.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            traceIds.add(probe.traceId());
            for (ProbeTrace.Span span : probe.spans()) {
                assertThat(span.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
                spanIds.add(span.spanId());
            }
            assertThat(probe.start()).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(probe.end());
        }
        assertThat(traceIds).hasSize(2000);
        assertThat(spanIds).hasSize(4000);
        assertThat(Duration.between(before, ProbeTrace.create("web", "run").end())).isLessThan(Duration.ofHours(1));
    }

    /**
     * The SDK's encoding of the probe: its tracer provider with the default resource, fed the probe's ids,
     * and its spans given the probe's times (the SDK reads its own clock).
     */
    private static byte[] sdkEncoding(ProbeTrace probe, boolean json) throws Exception {
        ProbeTrace.Span child = probe.spans().get(0);
        ProbeTrace.Span root = probe.spans().get(1);
        Iterator<String> spanIds = List.of(root.spanId(), child.spanId()).iterator();
        IdGenerator ids = new IdGenerator() {
            @Override
            public String generateSpanId() {
                return spanIds.next();
            }

            @Override
            public String generateTraceId() {
                return root.traceId();
            }

            @Override
            public boolean generatesRandomTraceIds() {
                return true; // as the SDK's default generator and the probe's ids: W3C's random flag
            }
        };
        List<SpanData> captured = new ArrayList<>();
        SpanExporter capture = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                captured.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        SdkTracerProvider provider = SdkTracerProvider.builder().setIdGenerator(ids)
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), probe.resource().get(0)[1]))))
                .addSpanProcessor(SimpleSpanProcessor.create(capture)).build();
        try {
            Tracer tracer = provider.get("tracecheck");
            Span span = tracer.spanBuilder("tracecheck probe").setSpanKind(SpanKind.SERVER)
                    .setAttribute("tracecheck.probe", true).setAttribute("tracecheck.run_id", probe.runId()).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                tracer.spanBuilder("tracecheck probe child").setSpanKind(SpanKind.INTERNAL)
                        .setAttribute("tracecheck.probe", true).setAttribute("tracecheck.run_id", probe.runId())
                        .startSpan().end();
            }
            span.end();
        } finally {
            provider.shutdown().join(1, TimeUnit.SECONDS);
        }
        assertThat(captured).extracting(SpanData::getSpanContext).extracting(SpanContext::getSpanId)
                .containsExactly(child.spanId(), root.spanId());
        List<SpanData> timed = List.of(at(captured.get(0), child), at(captured.get(1), root));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (json) {
            TraceRequestMarshaler.create(timed).writeJsonTo(out);
        } else {
            TraceRequestMarshaler.create(timed).writeBinaryTo(out);
        }
        return out.toByteArray();
    }

    private static SpanData at(SpanData span, ProbeTrace.Span times) {
        return new DelegatingSpanData(span) {
            @Override
            public long getStartEpochNanos() {
                return times.startNanos();
            }

            @Override
            public long getEndEpochNanos() {
                return times.endNanos();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Object withoutEmptyLists(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> kept = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> {
                if (!(value instanceof List<?> list && list.isEmpty())) {
                    kept.put(key, withoutEmptyLists(value));
                }
            });
            return kept;
        }
        if (json instanceof List<?> list) {
            return list.stream().map(ProbeTraceTest::withoutEmptyLists).toList();
        }
        return json;
    }
}
