package io.tracecheck.trace;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Honeycomb events (a span as Honeycomb stores it: {@code trace.span_id}, {@code trace.parent_id},
 * {@code name}, {@code service.name}, {@code duration_ms}, {@code error}, attributes as columns) as
 * {@link TraceSpan}s. The start is given: a query result has none of its own (Honeycomb's is the
 * time bucket of its series).
 */
public final class HoneycombEvents {
    /** The columns a trace view shows besides the span's own: HTTP and database facts, in both conventions. */
    public static final List<String> ATTRIBUTES = List.of("http.method", "http.request.method", "http.route", "http.target",
            "url.path", "http.url", "url.full", "http.status_code", "http.response.status_code", "db.system", "db.statement",
            "db.query.text", "span.kind");

    private HoneycombEvents() {
    }

    public static TraceSpan span(String traceId, Map<?, ?> event, Instant start, String origin) {
        double ms = event.get("duration_ms") instanceof Number n && Double.isFinite(n.doubleValue())
                ? Math.max(0, n.doubleValue()) : 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String key : ATTRIBUTES) {
            Object value = event.get(key);
            if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                attributes.put(key, value instanceof Double d && d == Math.rint(d) && !d.isInfinite()
                        ? Long.toString(d.longValue()) : String.valueOf(value));
            }
        }
        Object error = event.get("error");
        return new TraceSpan(traceId, text(event.get("trace.span_id")), text(event.get("trace.parent_id")),
                text(event.get("service.name")), text(event.get("name")), start, start.plusNanos((long) (ms * 1_000_000)),
                Boolean.TRUE.equals(error) || "true".equals(error), attributes, origin);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
