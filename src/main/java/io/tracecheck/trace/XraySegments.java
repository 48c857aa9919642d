package io.tracecheck.trace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * X-Ray segment documents as {@link TraceSpan}s: a segment and each of its (nested) subsegments
 * become one span, a subsegment's parent being the document that encloses it; an independent
 * subsegment names its parent in {@code parent_id}. HTTP and SQL facts move to OpenTelemetry's
 * attribute names; annotations keep theirs. An in-progress segment (no {@code end_time}) ends where
 * it started.
 */
public final class XraySegments {
    private XraySegments() {
    }

    /** The spans of one parsed segment document, the segment first. */
    public static List<TraceSpan> of(Map<String, Object> document, String origin) {
        List<TraceSpan> spans = new ArrayList<>();
        String traceId = string(document.get("trace_id"));
        String service = string(document.get("name"));
        Deque<Object[]> todo = new ArrayDeque<>(); // {document, parent id}
        todo.push(new Object[]{document, string(document.get("parent_id"))});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Map<?, ?> doc = (Map<?, ?>) next[0];
            String id = string(doc.get("id"));
            Instant start = seconds(doc.get("start_time"));
            Object endTime = doc.get("end_time");
            spans.add(new TraceSpan(traceId, id, (String) next[1], service, string(doc.get("name")), start,
                    endTime == null ? start : seconds(endTime),
                    truthy(doc.get("error")) || truthy(doc.get("fault")) || doc.get("cause") instanceof Map<?, ?>,
                    attributes(doc), origin));
            if (doc.get("subsegments") instanceof List<?> subsegments) {
                for (int i = subsegments.size() - 1; i >= 0; i--) {
                    if (subsegments.get(i) instanceof Map<?, ?> sub) {
                        todo.push(new Object[]{sub, id});
                    }
                }
            }
        }
        return spans;
    }

    private static Map<String, String> attributes(Map<?, ?> doc) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (doc.get("http") instanceof Map<?, ?> http) {
            if (http.get("request") instanceof Map<?, ?> request) {
                put(attributes, "http.method", request.get("method"));
                put(attributes, "http.url", request.get("url"));
            }
            if (http.get("response") instanceof Map<?, ?> response) {
                put(attributes, "http.status_code", response.get("status"));
            }
        }
        if (doc.get("sql") instanceof Map<?, ?> sql) {
            put(attributes, "db.statement", sql.get("sanitized_query"));
            put(attributes, "db.system", sql.get("database_type"));
            put(attributes, "db.url", sql.get("url"));
        }
        put(attributes, "aws.origin", doc.get("origin"));
        put(attributes, "xray.namespace", doc.get("namespace"));
        if (doc.get("annotations") instanceof Map<?, ?> annotations) {
            annotations.forEach((k, v) -> put(attributes, String.valueOf(k), v));
        }
        return attributes;
    }

    private static void put(Map<String, String> attributes, String key, Object value) {
        if (value != null && !(value instanceof Map) && !(value instanceof List)) {
            attributes.putIfAbsent(key, value instanceof Double d && d == Math.rint(d) && !d.isInfinite()
                    ? Long.toString(d.longValue()) : String.valueOf(value));
        }
    }

    private static boolean truthy(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    /** X-Ray's epoch seconds with a fraction; anything unreadable reads as the epoch. */
    private static Instant seconds(Object value) {
        try {
            BigDecimal s = new BigDecimal(String.valueOf(value));
            long whole = s.longValue();
            return Instant.ofEpochSecond(whole, s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String string(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
