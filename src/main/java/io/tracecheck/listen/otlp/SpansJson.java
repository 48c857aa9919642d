package io.tracecheck.listen.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
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
import io.tracecheck.core.JsonText;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spans as one OTLP/JSON {@code ExportTraceServiceRequest}, written field by field: what every
 * {@code --jsonl} spans line carries. {@link OtlpJson#write} gives the same JSON through the
 * descriptors, a hundred times slower per span, and the JSONL writer must keep up with what listen
 * receives. Should the OTLP protos gain a field this writer does not know, it writes through
 * {@link OtlpJson} instead, so nothing is ever left out.
 */
public final class SpansJson {
    private static final HexFormat HEX = HexFormat.of();
    private static final boolean FAST = knowsEveryField(Span.getDescriptor(), Set.of("trace_id", "span_id", "trace_state",
            "parent_span_id", "flags", "name", "kind", "start_time_unix_nano", "end_time_unix_nano", "attributes",
            "dropped_attributes_count", "events", "dropped_events_count", "links", "dropped_links_count", "status"))
            && knowsEveryField(Span.Event.getDescriptor(), Set.of("time_unix_nano", "name", "attributes", "dropped_attributes_count"))
            && knowsEveryField(Span.Link.getDescriptor(), Set.of("trace_id", "span_id", "trace_state", "attributes",
            "dropped_attributes_count", "flags"))
            && knowsEveryField(Status.getDescriptor(), Set.of("message", "code"))
            && knowsEveryField(KeyValue.getDescriptor(), Set.of("key", "value", "key_strindex"))
            && knowsEveryField(AnyValue.getDescriptor(), Set.of("string_value", "bool_value", "int_value", "double_value",
            "array_value", "kvlist_value", "bytes_value", "string_value_strindex"))
            && knowsEveryField(ArrayValue.getDescriptor(), Set.of("values"))
            && knowsEveryField(KeyValueList.getDescriptor(), Set.of("values"));

    private SpansJson() {
    }

    /** The request holding {@code spans}, one ResourceSpans per resource (in the order given), one ScopeSpans each, no scope. */
    public static String request(Map<Resource, List<Span>> spans) {
        if (!FAST) {
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            spans.forEach((resource, list) -> request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                    .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(list))));
            return OtlpJson.write(request.build());
        }
        StringBuilder out = new StringBuilder(512 * spans.values().stream().mapToInt(List::size).sum());
        out.append("{\"resourceSpans\":[");
        boolean first = true;
        for (Map.Entry<Resource, List<Span>> entry : spans.entrySet()) {
            out.append(first ? "" : ",").append("{\"resource\":");
            first = false;
            // once per line: the descriptors' way keeps every field a resource may have
            out.append(OtlpJson.write(entry.getKey()));
            out.append(",\"scopeSpans\":[{\"spans\":[");
            for (int i = 0; i < entry.getValue().size(); i++) {
                span(out.append(i == 0 ? "" : ","), entry.getValue().get(i));
            }
            out.append("]}]}");
        }
        return out.append("]}").toString();
    }

    private static void span(StringBuilder out, Span span) {
        Fields fields = new Fields(out);
        fields.id("traceId", span.getTraceId());
        fields.id("spanId", span.getSpanId());
        fields.text("traceState", span.getTraceState());
        fields.id("parentSpanId", span.getParentSpanId());
        fields.number("flags", span.getFlags());
        fields.text("name", span.getName());
        fields.number("kind", span.getKindValue());
        fields.int64("startTimeUnixNano", span.getStartTimeUnixNano());
        fields.int64("endTimeUnixNano", span.getEndTimeUnixNano());
        fields.attributes(span.getAttributesList());
        fields.number("droppedAttributesCount", span.getDroppedAttributesCount());
        if (span.getEventsCount() > 0) {
            fields.name("events").append('[');
            for (int i = 0; i < span.getEventsCount(); i++) {
                Span.Event event = span.getEvents(i);
                Fields nested = new Fields(out.append(i == 0 ? "" : ","));
                nested.int64("timeUnixNano", event.getTimeUnixNano());
                nested.text("name", event.getName());
                nested.attributes(event.getAttributesList());
                nested.number("droppedAttributesCount", event.getDroppedAttributesCount());
                nested.end();
            }
            out.append(']');
        }
        fields.number("droppedEventsCount", span.getDroppedEventsCount());
        if (span.getLinksCount() > 0) {
            fields.name("links").append('[');
            for (int i = 0; i < span.getLinksCount(); i++) {
                Span.Link link = span.getLinks(i);
                Fields nested = new Fields(out.append(i == 0 ? "" : ","));
                nested.id("traceId", link.getTraceId());
                nested.id("spanId", link.getSpanId());
                nested.text("traceState", link.getTraceState());
                nested.attributes(link.getAttributesList());
                nested.number("droppedAttributesCount", link.getDroppedAttributesCount());
                nested.number("flags", link.getFlags());
                nested.end();
            }
            out.append(']');
        }
        fields.number("droppedLinksCount", span.getDroppedLinksCount());
        if (span.hasStatus()) {
            fields.name("status");
            Fields status = new Fields(out);
            status.text("message", span.getStatus().getMessage());
            status.number("code", span.getStatus().getCodeValue());
            status.end();
        }
        fields.end();
    }

    private static void value(StringBuilder out, AnyValue value) {
        Fields fields = new Fields(out);
        switch (value.getValueCase()) {
            case STRING_VALUE -> string(fields.name("stringValue"), value.getStringValue());
            case BOOL_VALUE -> fields.name("boolValue").append(value.getBoolValue());
            case INT_VALUE -> fields.name("intValue").append('"').append(value.getIntValue()).append('"');
            case DOUBLE_VALUE -> {
                double number = value.getDoubleValue();
                if (Double.isFinite(number)) {
                    fields.name("doubleValue").append(number);
                } else {
                    string(fields.name("doubleValue"), Double.isNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
                }
            }
            case STRING_VALUE_STRINDEX -> fields.name("stringValueStrindex").append(value.getStringValueStrindex());
            case BYTES_VALUE -> string(fields.name("bytesValue"), Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                fields.name("arrayValue").append("{\"values\":[");
                List<AnyValue> values = value.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    value(out.append(i == 0 ? "" : ","), values.get(i));
                }
                out.append("]}");
            }
            case KVLIST_VALUE -> {
                fields.name("kvlistValue");
                Fields list = new Fields(out);
                list.attributes("values", value.getKvlistValue().getValuesList());
                list.end();
            }
            default -> {
                // an AnyValue with nothing set: an empty object, as OTLP/JSON writes it
            }
        }
        fields.end();
    }

    /** One JSON object's members, proto3-style: a default value (0, "", empty) is left out. */
    private static final class Fields {
        private final StringBuilder out;
        private boolean any;

        Fields(StringBuilder out) {
            this.out = out;
            out.append('{');
        }

        StringBuilder name(String name) {
            out.append(any ? ",\"" : "\"").append(name).append("\":");
            any = true;
            return out;
        }

        void id(String name, ByteString id) {
            if (!id.isEmpty()) {
                name(name).append('"').append(HEX.formatHex(id.toByteArray())).append('"');
            }
        }

        void text(String name, String value) {
            if (!value.isEmpty()) {
                string(name(name), value);
            }
        }

        void number(String name, long value) {
            if (value != 0) {
                name(name).append(value);
            }
        }

        /** 64-bit integers as strings, as OTLP/JSON writes them. */
        void int64(String name, long value) {
            if (value != 0) {
                name(name).append('"').append(Long.toUnsignedString(value)).append('"');
            }
        }

        void attributes(List<KeyValue> attributes) {
            if (!attributes.isEmpty()) {
                attributes("attributes", attributes);
            }
        }

        void attributes(String name, List<KeyValue> attributes) {
            name(name).append('[');
            for (int i = 0; i < attributes.size(); i++) {
                KeyValue attribute = attributes.get(i);
                Fields pair = new Fields(out.append(i == 0 ? "" : ","));
                pair.text("key", attribute.getKey());
                if (attribute.hasValue()) {
                    value(pair.name("value"), attribute.getValue());
                }
                pair.number("keyStrindex", attribute.getKeyStrindex());
                pair.end();
            }
            out.append(']');
        }

        void end() {
            out.append('}');
        }
    }

    private static void string(StringBuilder out, String text) {
        JsonText.quote(out, text);
    }

    private static boolean knowsEveryField(Descriptor descriptor, Set<String> known) {
        for (FieldDescriptor field : descriptor.getFields()) {
            if (!known.contains(field.getName())) {
                return false;
            }
        }
        return true;
    }

    /** For tests: whether this writer is in use with the OTLP protos on the classpath. */
    static boolean fast() {
        return FAST;
    }
}
