package io.tracecheck.trace;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP spans as {@link TraceSpan}s: ids in lower-case hex, the service from the resource. */
public final class OtlpSpans {
    private static final HexFormat HEX = HexFormat.of();

    private OtlpSpans() {
    }

    public static TraceSpan of(Resource resource, Span span, String origin) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            attributes.putIfAbsent(kv.getKey(), text(kv.getValue()));
        }
        String service = text(resource.getAttributesList(), "service.name");
        return new TraceSpan(HEX.formatHex(span.getTraceId().toByteArray()), HEX.formatHex(span.getSpanId().toByteArray()),
                HEX.formatHex(span.getParentSpanId().toByteArray()), service.isEmpty() ? "unknown_service" : service,
                span.getName(), nanos(span.getStartTimeUnixNano()), nanos(span.getEndTimeUnixNano()),
                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR, attributes, origin);
    }

    /** An OTLP timestamp: nanoseconds since the epoch, unsigned (a negative long is past 2262, clamped). */
    public static Instant nanos(long unixNanos) {
        long n = unixNanos < 0 ? Long.MAX_VALUE : unixNanos;
        return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    private static String text(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> text(kv.getValue())).orElse("");
    }

    /** An attribute value as a UI shows it: strings as they are, others in their usual notation. */
    public static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> HEX.formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpSpans::text)
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
            default -> "";
        };
    }
}
