package io.tracecheck.listen.honeycomb;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredSpan;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Honeycomb's Query Data API that read-back and {@code traces} use, answered from
 * the store: create a query ({@code POST /1/queries/{dataset}}), create a result for it
 * ({@code POST /1/query_results/{dataset}}), fetch the result ({@code GET /1/query_results/{dataset}/{id}}).
 * Filters: =, !=, exists, does-not-exist; calculations: COUNT, MAX, MIN, SUM, AVG of a column;
 * breakdowns; orders; limit; {@code __all__} for every dataset of the environment.
 */
public final class QueryEndpoint implements Endpoint {
    private static final Pattern QUERIES = Pattern.compile("/1/queries/([^/]+)");
    private static final Pattern RESULTS = Pattern.compile("/1/query_results/([^/]+)(?:/([^/]+))?");
    private static final int MAX_KEPT = 1000;
    /** What the kept query specs may take together (approximate bytes); past it the oldest go. */
    static final long MAX_QUERY_BYTES = 4L * 1024 * 1024;
    /** One query spec at most; a larger one is refused. */
    static final long MAX_QUERY = 256 * 1024;
    /** Honeycomb's largest result limit. */
    static final int MAX_LIMIT = 10_000;
    /** The longest time range a query may ask for: a year, in seconds. */
    static final long MAX_RANGE = 366L * 24 * 3600;

    private final HoneycombGate gate;
    private final Store store;
    private final Clock clock;
    /** Oldest first; guarded by itself. */
    private final Map<String, Map<String, Object>> queries = new LinkedHashMap<>();
    private final Map<String, Long> querySizes = new java.util.HashMap<>();
    private long queryBytes;
    private final Map<String, String> results = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_KEPT;
        }
    });
    private final AtomicLong ids = new AtomicLong();

    public QueryEndpoint(HoneycombGate gate, Store store, Clock clock) {
        this.gate = gate;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean serves(String path) {
        return QUERIES.matcher(path).matches() || RESULTS.matcher(path).matches();
    }

    @Override
    public Source source() {
        return Source.HONEYCOMB_API;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<AcceptedKey> key = exchange.header("X-Honeycomb-Team").flatMap(gate::find);
        if (key.isEmpty()) {
            HoneycombJson.error(exchange.cause(HoneycombGate.UNKNOWN_KEY_CAUSE), 401, HoneycombGate.UNKNOWN_KEY);
            return;
        }
        if (!key.get().can("queries")) {
            HoneycombJson.error(exchange, 401, "API key does not have permission to run queries (the \"Run Queries\" permission)");
            return;
        }
        Matcher queryPath = QUERIES.matcher(exchange.path());
        Matcher resultPath = RESULTS.matcher(exchange.path());
        if (queryPath.matches() && exchange.method().equals("POST")) {
            createQuery(exchange, queryPath.group(1));
        } else if (resultPath.matches() && resultPath.group(2) == null && exchange.method().equals("POST")) {
            createResult(exchange, resultPath.group(1));
        } else if (resultPath.matches() && resultPath.group(2) != null && exchange.method().equals("GET")) {
            result(exchange, key.get(), resultPath.group(1), resultPath.group(2));
        } else {
            HoneycombJson.error(exchange, 405, "method not allowed");
        }
    }

    private void createQuery(HttpExchange exchange, String dataset) throws IOException {
        Map<String, Object> spec;
        try {
            spec = JSON.std.mapFrom(exchange.body());
        } catch (IOException | RuntimeException e) {
            HoneycombJson.error(exchange, 400, "the query is not valid JSON");
            return;
        }
        if (spec == null) {
            HoneycombJson.error(exchange, 400, "the query is not a JSON object");
            return;
        }
        String invalid = invalid(spec);
        if (invalid != null) {
            HoneycombJson.error(exchange, 400, invalid);
            return;
        }
        long size = io.tracecheck.listen.Sizes.ofTree(spec);
        if (size > MAX_QUERY) {
            HoneycombJson.error(exchange, 400, "the query is too large");
            return;
        }
        String id = "q" + ids.incrementAndGet();
        spec.put("dataset", dataset);
        synchronized (queries) {
            while (!queries.isEmpty() && (queries.size() >= MAX_KEPT || queryBytes + size > MAX_QUERY_BYTES)) {
                String oldest = queries.keySet().iterator().next();
                queries.remove(oldest);
                queryBytes -= querySizes.remove(oldest);
            }
            queries.put(id, spec);
            querySizes.put(id, size);
            queryBytes += size;
        }
        Map<String, Object> body = new LinkedHashMap<>(spec);
        body.put("id", id);
        exchange.answer(200, "application/json", JSON.std.asString(body));
    }

    private void createResult(HttpExchange exchange, String dataset) throws IOException {
        Map<String, Object> request;
        try {
            request = JSON.std.mapFrom(exchange.body());
        } catch (IOException | RuntimeException e) {
            HoneycombJson.error(exchange, 400, "the request is not valid JSON");
            return;
        }
        Object queryId = request == null ? null : request.get("query_id");
        if (!(queryId instanceof String id) || spec(id) == null) {
            HoneycombJson.error(exchange, 404, "query not found");
            return;
        }
        String resultId = "r" + ids.incrementAndGet();
        results.put(resultId, id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", resultId);
        body.put("complete", false);
        body.put("links", Map.of("query_url", "/" + dataset + "/result/" + resultId));
        exchange.answer(201, "application/json", JSON.std.asString(body));
    }

    private void result(HttpExchange exchange, AcceptedKey key, String dataset, String resultId) throws IOException {
        String queryId = results.get(resultId);
        Map<String, Object> spec = queryId == null ? null : spec(queryId);
        if (spec == null) {
            HoneycombJson.error(exchange, 404, "query result not found");
            return;
        }
        List<Map<String, Object>> rows;
        try {
            rows = QueryEvaluation.run(spec, candidates(key, dataset, spec), clock);
        } catch (IllegalArgumentException e) {
            HoneycombJson.error(exchange, 400, e.getMessage());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", resultId);
        body.put("complete", true);
        body.put("query", spec);
        body.put("data", Map.of("series", QueryEvaluation.series(spec, candidates(key, dataset, spec), clock),
                "results", rows.stream().map(r -> Map.of("data", r)).toList()));
        body.put("links", Map.of("query_url", "/" + dataset + "/result/" + resultId));
        exchange.answer(200, "application/json", JSON.std.asString(body));
    }

    private Map<String, Object> spec(String id) {
        synchronized (queries) {
            return queries.get(id);
        }
    }

    /** What Honeycomb would refuse in a query spec, in its words; null when the spec is well formed. */
    static String invalid(Map<String, Object> spec) {
        if (!listOf(spec.get("calculations"), Map.class) || !objects(spec.get("calculations"), "op")) {
            return "invalid query: calculations must be a list of objects, each with an op";
        }
        if (!listOf(spec.get("filters"), Map.class) || !objects(spec.get("filters"), "op")) {
            return "invalid query: filters must be a list of objects, each with a column and an op";
        }
        if (!listOf(spec.get("breakdowns"), String.class)) {
            return "invalid query: breakdowns must be a list of column names";
        }
        if (!listOf(spec.get("orders"), Map.class)) {
            return "invalid query: orders must be a list of objects";
        }
        if (!wholeIn(spec.get("limit"), 1, MAX_LIMIT)) {
            return "invalid query: limit must be a whole number from 1 to " + MAX_LIMIT;
        }
        if (!wholeIn(spec.get("time_range"), 1, MAX_RANGE)) {
            return "invalid query: time_range must be a number of seconds from 1 to " + MAX_RANGE;
        }
        if (!wholeIn(spec.get("granularity"), 0, MAX_RANGE)) {
            return "invalid query: granularity must be a number of seconds from 0 to the time range";
        }
        return null;
    }

    private static boolean listOf(Object value, Class<?> type) {
        return value == null || value instanceof List<?> list && list.stream().allMatch(type::isInstance);
    }

    private static boolean objects(Object value, String key) {
        return value == null || ((List<?>) value).stream().allMatch(o -> ((Map<?, ?>) o).get(key) instanceof String
                && (((Map<?, ?>) o).get("column") == null || ((Map<?, ?>) o).get("column") instanceof String));
    }

    private static boolean wholeIn(Object value, long min, long max) {
        return value == null || value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= min && n.doubleValue() <= max;
    }

    private List<StoredSpan> candidates(AcceptedKey key, String dataset, Map<String, Object> spec) {
        long range = spec.get("time_range") instanceof Number n ? n.longValue() : 7200;
        long since = clock.instant().minusSeconds(range).toEpochMilli() * 1_000_000L;
        return store.find(StoredSpan.class, s -> s.environment().equals(key.environmentSlug())
                && (dataset.equals("__all__") || s.dataset().equals(dataset))
                && s.span().getStartTimeUnixNano() >= since);
    }

    /** Evaluates a query spec over spans, as Honeycomb names span fields. */
    static final class QueryEvaluation {
        private QueryEvaluation() {
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> run(Map<String, Object> spec, List<StoredSpan> spans, Clock clock) {
            List<Map<String, Object>> filters = (List<Map<String, Object>>) spec.getOrDefault("filters", List.of());
            List<String> breakdowns = (List<String>) spec.getOrDefault("breakdowns", List.of());
            List<Map<String, Object>> calculations = (List<Map<String, Object>>) spec.getOrDefault("calculations",
                    List.of(Map.of("op", "COUNT")));
            Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
            for (StoredSpan span : spans) {
                Map<String, Object> event = event(span);
                if (filters.stream().allMatch(f -> matches(f, event))) {
                    List<Object> group = breakdowns.stream().map(event::get).toList();
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(event);
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            groups.forEach((group, events) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < breakdowns.size(); i++) {
                    row.put(breakdowns.get(i), group.get(i));
                }
                for (Map<String, Object> calculation : calculations) {
                    String op = String.valueOf(calculation.get("op"));
                    Object column = calculation.get("column");
                    row.put(column == null ? op : op + "(" + column + ")", calculate(op, (String) column, events));
                }
                rows.add(row);
            });
            if (groups.isEmpty() && breakdowns.isEmpty()) {
                Map<String, Object> empty = new LinkedHashMap<>();
                calculations.forEach(c -> empty.put(c.get("column") == null ? String.valueOf(c.get("op"))
                        : c.get("op") + "(" + c.get("column") + ")", c.get("op").equals("COUNT") ? 0 : null));
                rows.add(empty);
            }
            List<Map<String, Object>> orders = (List<Map<String, Object>>) spec.getOrDefault("orders", List.of());
            for (int i = orders.size() - 1; i >= 0; i--) {
                Map<String, Object> order = orders.get(i);
                String key = order.get("op") == null ? String.valueOf(order.get("column"))
                        : order.get("column") == null ? String.valueOf(order.get("op"))
                        : order.get("op") + "(" + order.get("column") + ")";
                Comparator<Map<String, Object>> comparator = Comparator.comparing(r -> sortable(r.get(key)),
                        Comparator.nullsFirst(Comparator.naturalOrder()));
                rows.sort("descending".equals(order.get("order")) ? comparator.reversed() : comparator);
            }
            int limit = spec.get("limit") instanceof Number n ? n.intValue() : 1000;
            return rows.size() > limit ? rows.subList(0, limit) : rows;
        }

        /**
         * The time series Honeycomb returns beside the results: one row per time bucket
         * ({@code granularity} seconds, by default a sixtieth of the range) and breakdown group.
         */
        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> series(Map<String, Object> spec, List<StoredSpan> spans, Clock clock) {
            long range = spec.get("time_range") instanceof Number n ? n.longValue() : 7200;
            long granularity = spec.get("granularity") instanceof Number g && g.longValue() > 0 ? g.longValue()
                    : Math.max(1, range / 60);
            Map<Long, List<StoredSpan>> buckets = new java.util.TreeMap<>();
            for (StoredSpan span : spans) {
                long seconds = span.span().getStartTimeUnixNano() / 1_000_000_000L;
                buckets.computeIfAbsent(seconds - seconds % granularity, b -> new ArrayList<>()).add(span);
            }
            List<Map<String, Object>> series = new ArrayList<>();
            buckets.forEach((bucket, inBucket) -> {
                for (Map<String, Object> row : run(spec, inBucket, clock)) {
                    if (row.values().stream().anyMatch(v -> v instanceof Number n && n.doubleValue() > 0)) {
                        series.add(Map.of("time", java.time.Instant.ofEpochSecond(bucket).toString(), "data", row));
                    }
                }
            });
            return series;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Comparable sortable(Object value) {
            return value instanceof Number n ? (Comparable) Double.valueOf(n.doubleValue())
                    : value == null ? null : (Comparable) String.valueOf(value);
        }

        private static Object calculate(String op, String column, List<Map<String, Object>> events) {
            if (op.equals("COUNT")) {
                return events.size();
            }
            List<Double> values = events.stream().map(e -> e.get(column)).filter(v -> v instanceof Number)
                    .map(v -> ((Number) v).doubleValue()).toList();
            if (values.isEmpty()) {
                return null;
            }
            return switch (op) {
                case "MAX" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                case "MIN" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case "SUM" -> values.stream().mapToDouble(Double::doubleValue).sum();
                case "AVG" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                default -> throw new IllegalArgumentException("calculation " + op + " is not supported by the local backend");
            };
        }

        private static boolean matches(Map<String, Object> filter, Map<String, Object> event) {
            String column = String.valueOf(filter.get("column"));
            Object actual = event.get(column);
            Object expected = filter.get("value");
            return switch (String.valueOf(filter.get("op"))) {
                case "=" -> actual != null && String.valueOf(actual).equals(String.valueOf(expected));
                case "!=" -> actual == null || !String.valueOf(actual).equals(String.valueOf(expected));
                case "exists" -> actual != null;
                case "does-not-exist" -> actual == null;
                default -> throw new IllegalArgumentException("filter op " + filter.get("op")
                        + " is not supported by the local backend (=, !=, exists, does-not-exist)");
            };
        }

        /** A span as a Honeycomb event: its attributes, resource attributes, and the trace.* columns. */
        static Map<String, Object> event(StoredSpan span) {
            Map<String, Object> event = new LinkedHashMap<>();
            span.resource().getAttributesList().forEach(a -> event.put(a.getKey(), a.getValue().hasStringValue()
                    ? a.getValue().getStringValue() : a.getValue().toString()));
            event.putAll(span.attributes());
            event.put("trace.trace_id", span.traceId());
            event.put("trace.span_id", span.spanId());
            if (!span.parentSpanId().isEmpty()) {
                event.put("trace.parent_id", span.parentSpanId());
            }
            event.put("name", span.name());
            event.put("service.name", span.service());
            event.put("duration_ms", span.durationMs());
            event.put("timestamp", span.span().getStartTimeUnixNano() / 1_000_000_000L);
            event.put("span.kind", span.span().getKind().name().replace("SPAN_KIND_", "").toLowerCase(java.util.Locale.ROOT));
            if (span.span().getStatus().getCodeValue() == 2) {
                event.put("error", true);
            }
            event.put("status_code", span.span().getStatus().getCodeValue());
            return event;
        }
    }

    /** Honeycomb's {"error": …}. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws IOException {
        HoneycombJson.error(exchange, status, message);
    }
}
