package io.tracecheck.otlp;

import io.tracecheck.core.JsonText;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The probe as an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1), in the
 * protobuf wire format and in OTLP/JSON (lowerCamelCase names, ids in hex, enums as numbers, 64-bit
 * times as decimal strings). Fields in the order the SDK's marshaler writes them, defaults left out
 * except the span's empty status, which the SDK always writes.
 */
final class ProbeEncoding {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LEN = 2;
    private static final int FIXED32 = 5;

    private ProbeEncoding() {
    }

    static byte[] protobuf(ProbeTrace probe) {
        Proto resource = new Proto();
        for (String[] attribute : probe.resource()) {
            resource.message(1, stringAttribute(attribute[0], attribute[1])); // Resource.attributes
        }
        Proto scopeSpans = new Proto().message(1, new Proto().string(1, ProbeTrace.SCOPE)); // scope.name
        for (ProbeTrace.Span span : probe.spans()) {
            scopeSpans.message(2, span(span, probe.runId()));
        }
        Proto resourceSpans = new Proto().message(1, resource).message(2, scopeSpans);
        return new Proto().message(1, resourceSpans).bytes();
    }

    private static Proto span(ProbeTrace.Span span, String runId) {
        Proto out = new Proto().bytes(1, unhex(span.traceId())).bytes(2, unhex(span.spanId()));
        if (!span.parentSpanId().isEmpty()) {
            out.bytes(4, unhex(span.parentSpanId()));
        }
        out.string(5, span.name()).varint(6, span.kind()).fixed64(7, span.startNanos()).fixed64(8, span.endNanos());
        out.message(9, new Proto().string(1, "tracecheck.probe").message(2, new Proto().varint(2, 1))); // bool_value true
        out.message(9, stringAttribute("tracecheck.run_id", runId));
        return out.message(15, new Proto()).fixed32(16, ProbeTrace.FLAGS); // status (unset), flags
    }

    private static Proto stringAttribute(String key, String value) {
        return new Proto().string(1, key).message(2, new Proto().string(1, value)); // KeyValue{key, AnyValue.string_value}
    }

    static String json(ProbeTrace probe) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":[");
        String separator = "";
        for (String[] attribute : probe.resource()) {
            out.append(separator);
            jsonAttribute(out, attribute[0], "stringValue", quoted(attribute[1]));
            separator = ",";
        }
        out.append("]},\"scopeSpans\":[{\"scope\":{\"name\":").append(quoted(ProbeTrace.SCOPE)).append("},\"spans\":[");
        separator = "";
        for (ProbeTrace.Span span : probe.spans()) {
            out.append(separator).append("{\"traceId\":\"").append(span.traceId()).append("\",\"spanId\":\"")
                    .append(span.spanId()).append('"');
            if (!span.parentSpanId().isEmpty()) {
                out.append(",\"parentSpanId\":\"").append(span.parentSpanId()).append('"');
            }
            out.append(",\"name\":").append(quoted(span.name())).append(",\"kind\":").append(span.kind())
                    .append(",\"startTimeUnixNano\":\"").append(Long.toUnsignedString(span.startNanos()))
                    .append("\",\"endTimeUnixNano\":\"").append(Long.toUnsignedString(span.endNanos()))
                    .append("\",\"attributes\":[");
            jsonAttribute(out, "tracecheck.probe", "boolValue", "true");
            out.append(',');
            jsonAttribute(out, "tracecheck.run_id", "stringValue", quoted(probe.runId()));
            out.append("],\"status\":{},\"flags\":").append(ProbeTrace.FLAGS).append('}');
            separator = ",";
        }
        return out.append("]}]}]}").toString();
    }

    private static void jsonAttribute(StringBuilder out, String key, String type, String value) {
        out.append("{\"key\":").append(quoted(key)).append(",\"value\":{\"").append(type).append("\":").append(value).append("}}");
    }

    /** A JSON string literal (UTF-8 on the wire). */
    static String quoted(String text) {
        return JsonText.quote(new StringBuilder(text.length() + 2), text).toString();
    }

    private static byte[] unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return bytes;
    }

    /** One protobuf message being written: fields appended in order, nested messages written whole. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Proto varint(int field, long value) {
            tag(field, VARINT);
            raw(value);
            return this;
        }

        Proto fixed32(int field, int value) {
            tag(field, FIXED32);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Proto fixed64(int field, long value) {
            tag(field, FIXED64);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, LEN);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw((long) field << 3 | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
