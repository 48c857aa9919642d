package io.tracecheck.trace;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace tree as JSON (maps and lists for jackson-jr) and back: the shape {@code trace -o json}
 * prints, listen's {@code /tracecheck/traces/{id}?format=json} serves and {@code trace --source
 * listen} reads. The spans are listed in tree order (depth first, children by start) with their
 * depth, so any depth of tree is written without recursion; {@code parent_id} rebuilds the nesting.
 * <pre>
 * {"trace_id", "start", "duration_ms", "span_count", "error_count", "orphan_count",
 *  "spans": [{"span_id", "parent_id", "depth", "orphan", "service", "name", "start", "offset_ms",
 *             "duration_ms", "error", "origin", "attributes": {…}}]}
 * </pre>
 */
public final class TraceJson {
    private TraceJson() {
    }

    public static Map<String, Object> of(TraceTree tree) {
        Instant start = tree.start();
        List<Map<String, Object>> spans = new ArrayList<>();
        long errors = 0;
        for (TraceTree.Row row : tree.rows()) {
            TraceSpan span = row.span();
            errors += span.error() ? 1 : 0;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("span_id", span.spanId());
            json.put("parent_id", span.parentId());
            json.put("depth", row.depth());
            json.put("orphan", row.orphan());
            json.put("service", span.service());
            json.put("name", span.name());
            json.put("start", span.start().toString());
            json.put("offset_ms", millis(Duration.between(start, span.start())));
            json.put("duration_ms", millis(span.duration()));
            json.put("error", span.error());
            json.put("origin", span.origin());
            json.put("attributes", new LinkedHashMap<>(span.attributes()));
            spans.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trace_id", tree.traceId());
        json.put("start", start.toString());
        json.put("duration_ms", millis(tree.duration()));
        json.put("span_count", tree.spanCount());
        json.put("error_count", errors);
        json.put("orphan_count", tree.orphans().size());
        json.put("spans", spans);
        return json;
    }

    /** Reads what {@link #of} wrote; spans that are not objects, or lack an id, are skipped. */
    public static TraceTree read(Map<?, ?> json) {
        String traceId = text(json.get("trace_id"));
        List<TraceSpan> spans = new ArrayList<>();
        if (json.get("spans") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> span && !text(span.get("span_id")).isEmpty()) {
                    Instant begin = instant(span.get("start"));
                    long nanos = (long) (number(span.get("duration_ms")) * 1_000_000);
                    Map<String, String> attributes = new LinkedHashMap<>();
                    if (span.get("attributes") instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
                    }
                    spans.add(new TraceSpan(traceId, text(span.get("span_id")), text(span.get("parent_id")),
                            text(span.get("service")), text(span.get("name")), begin, begin.plusNanos(Math.max(0, nanos)),
                            Boolean.TRUE.equals(span.get("error")), attributes, text(span.get("origin"))));
                }
            }
        }
        return TraceTree.of(traceId, spans);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static double number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }

    private static Instant instant(Object value) {
        try {
            return Instant.parse(text(value));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
