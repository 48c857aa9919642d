package io.tracecheck.listen.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredLogEvent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudWatch Logs over AWS JSON 1.1 ({@code X-Amz-Target: Logs_20140328.*}): CreateLogGroup,
 * CreateLogStream, DescribeLogGroups, DescribeLogStreams, PutLogEvents with the real rejection
 * rules (older than 14 days, more than 2 hours ahead) and batch limits, GetLogEvents, FilterLogEvents.
 */
final class LogsEndpoint {
    private static final long MAX_AGE = Duration.ofDays(14).toMillis();
    private static final long MAX_AHEAD = Duration.ofHours(2).toMillis();
    private static final int MAX_BATCH = 10_000;
    /** CloudWatch Logs' own limit on log group and log stream names. */
    static final int MAX_NAME = 512;
    /** Log groups kept at most; past it the oldest is forgotten (with its streams), and counted. */
    static final int MAX_GROUPS = 1_000;
    /** Log streams kept at most, over all groups; past it the oldest stream is forgotten, and counted. */
    static final int MAX_STREAMS = 10_000;

    private final SigV4Verifier verifier;
    private final Store store;
    private final Clock clock;
    /** Insertion-ordered, so the oldest group goes first; every access under its lock. */
    private final Map<String, Set<String>> groups = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private int streamCount;
    private long forgotten;

    LogsEndpoint(SigV4Verifier verifier, Store store, Clock clock) {
        this.verifier = verifier;
        this.store = store;
        this.clock = clock;
    }

    /** A group and stream a service writes to itself (Transaction Search's aws/spans), made when first written. */
    void ensureStream(String group, String stream) {
        groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    static boolean isLogsRequest(HttpExchange exchange) {
        return exchange.header("X-Amz-Target").filter(t -> t.startsWith("Logs_20140328.")).isPresent();
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        exchange.source(Source.LOGS_API).operation(exchange.header("X-Amz-Target").orElse("").replace("Logs_20140328.", ""));
        SigV4Verifier.Verdict verdict = verifier.verify(exchange, body, SigV4Verifier.Dialect.JSON, 400, "logs");
        if (!verdict.ok()) {
            error(exchange, verdict.error());
            return;
        }
        Optional<Map<String, Object>> parsed = JsonBody.parse(body);
        if (parsed.isEmpty()) {
            error(exchange, JsonBody.NOT_JSON);
            return;
        }
        Map<String, Object> request = parsed.get();
        String operation = exchange.header("X-Amz-Target").orElseThrow().substring("Logs_20140328.".length());
        String group = String.valueOf(request.getOrDefault("logGroupName", ""));
        String stream = String.valueOf(request.getOrDefault("logStreamName", ""));
        for (String field : List.of("logGroupName", "logStreamName", "logGroupNamePrefix", "logStreamNamePrefix")) {
            if (String.valueOf(request.getOrDefault(field, "")).length() > MAX_NAME) {
                error(exchange, new AwsError(400, "InvalidParameterException", "1 validation error detected: Value at '"
                        + field + "' failed to satisfy constraint: Member must have length less than or equal to " + MAX_NAME));
                return;
            }
        }
        switch (operation) {
            case "CreateLogGroup" -> {
                if (!createGroup(group)) {
                    error(exchange, new AwsError(400, "ResourceAlreadyExistsException", "The specified log group already exists"));
                } else {
                    ok(exchange, Map.of());
                }
            }
            case "CreateLogStream" -> {
                Boolean created = createStream(group, stream);
                if (created == null) {
                    error(exchange, missingGroup());
                } else if (!created) {
                    error(exchange, new AwsError(400, "ResourceAlreadyExistsException", "The specified log stream already exists"));
                } else {
                    ok(exchange, Map.of());
                }
            }
            case "DescribeLogGroups" -> {
                String prefix = String.valueOf(request.getOrDefault("logGroupNamePrefix", ""));
                List<String> names;
                synchronized (groups) {
                    names = List.copyOf(groups.keySet());
                }
                ok(exchange, Map.of("logGroups", names.stream().filter(g -> g.startsWith(prefix)).sorted()
                        .map(g -> Map.of("logGroupName", g, "arn", "arn:aws:logs:us-east-1:123456789012:log-group:" + g + ":*",
                                "creationTime", 0, "storedBytes", 0)).toList()));
            }
            case "DescribeLogStreams" -> {
                Set<String> streams = groups.get(group);
                if (streams == null) {
                    error(exchange, missingGroup());
                    return;
                }
                String prefix = String.valueOf(request.getOrDefault("logStreamNamePrefix", ""));
                List<String> names;
                synchronized (groups) {
                    names = List.copyOf(streams);
                }
                ok(exchange, Map.of("logStreams", names.stream().filter(s -> s.startsWith(prefix)).sorted()
                        .map(s -> Map.of("logStreamName", s, "arn", "arn:aws:logs:us-east-1:123456789012:log-group:" + group
                                + ":log-stream:" + s, "creationTime", 0, "storedBytes", 0)).toList()));
            }
            case "PutLogEvents" -> putLogEvents(exchange, request, group, stream, body.length);
            case "GetLogEvents" -> getLogEvents(exchange, request, group, stream);
            case "FilterLogEvents" -> filterLogEvents(exchange, request, group);
            default -> error(exchange, new AwsError(400, "UnknownOperationException", "the local backend does not serve "
                    + operation));
        }
    }

    /** False when the group exists; the oldest group goes when there are too many. */
    private boolean createGroup(String group) {
        synchronized (groups) {
            if (groups.containsKey(group)) {
                return false;
            }
            if (groups.size() >= MAX_GROUPS) {
                String oldest = groups.keySet().iterator().next();
                streamCount -= groups.remove(oldest).size();
                forgotten++;
            }
            groups.put(group, new java.util.LinkedHashSet<>());
            return true;
        }
    }

    /** Null when the group does not exist, false when the stream does; the oldest stream goes when there are too many. */
    private Boolean createStream(String group, String stream) {
        synchronized (groups) {
            Set<String> streams = groups.get(group);
            if (streams == null) {
                return null;
            }
            if (streams.contains(stream)) {
                return false;
            }
            if (streamCount >= MAX_STREAMS) {
                for (Set<String> candidates : groups.values()) {
                    if (!candidates.isEmpty()) {
                        candidates.remove(candidates.iterator().next());
                        streamCount--;
                        forgotten++;
                        break;
                    }
                }
            }
            streams.add(stream);
            streamCount++;
            return true;
        }
    }

    private boolean hasStream(String group, String stream) {
        synchronized (groups) {
            Set<String> streams = groups.get(group);
            return streams != null && streams.contains(stream);
        }
    }

    @SuppressWarnings("unchecked")
    private void putLogEvents(HttpExchange exchange, Map<String, Object> request, String group, String stream, long bytes)
            throws IOException {
        Set<String> streams = groups.get(group);
        if (streams == null) {
            error(exchange, missingGroup());
            return;
        }
        if (!hasStream(group, stream)) {
            error(exchange, new AwsError(400, "ResourceNotFoundException", "The specified log stream does not exist."));
            return;
        }
        Object rawEvents = request.getOrDefault("logEvents", List.of());
        if (!(rawEvents instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof Map<?, ?>))) {
            error(exchange, new AwsError(400, "SerializationException", "logEvents must be a list of objects with a "
                    + "timestamp and a message"));
            return;
        }
        List<Map<String, Object>> events = (List<Map<String, Object>>) rawEvents;
        for (int i = 0; i < events.size(); i++) {
            Object timestamp = events.get(i).get("timestamp");
            Object message = events.get(i).get("message");
            if (!(timestamp instanceof Number) || !(message instanceof String)) {
                error(exchange, new AwsError(400, "InvalidParameterException", "1 validation error detected: Value at 'logEvents."
                        + (i + 1) + ".member." + (timestamp instanceof Number ? "message" : "timestamp")
                        + "' failed to satisfy constraint: Member must not be null and must be a "
                        + (timestamp instanceof Number ? "string" : "number")));
                return;
            }
        }
        if (events.isEmpty() || events.size() > MAX_BATCH) {
            error(exchange, new AwsError(400, "InvalidParameterException", "logEvents must hold 1 to " + MAX_BATCH + " events"));
            return;
        }
        long now = clock.millis();
        int tooOldEnd = -1;
        int tooNewStart = -1;
        List<StoredLogEvent> accepted = new ArrayList<>();
        List<Arrival> arrivals = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            long timestamp = ((Number) events.get(i).getOrDefault("timestamp", 0)).longValue();
            if (timestamp < previous) {
                error(exchange, new AwsError(400, "InvalidParameterException",
                        "Log events in a single PutLogEvents request must be in chronological order."));
                return;
            }
            previous = timestamp;
            String message = String.valueOf(events.get(i).getOrDefault("message", ""));
            if (timestamp < now - MAX_AGE) {
                tooOldEnd = i;
            } else if (timestamp > now + MAX_AHEAD) {
                tooNewStart = tooNewStart < 0 ? i : tooNewStart;
            } else {
                StoredLogEvent event = new StoredLogEvent(clock.instant(), Source.LOGS_API, group, stream, timestamp, now, message);
                accepted.add(event);
                arrivals.add(Arrival.data(Arrival.Kind.LOGS, Source.LOGS_API, event.receivedAt(), group + " / " + stream,
                        message.length() > 60 ? message.substring(0, 60) : message, "", List.of(), 1, message.length(),
                        message.startsWith("tracecheck probe"), List.of(event)));
            }
        }
        store.accept(accepted, arrivals);
        if (!arrivals.isEmpty()) {
            exchange.recorded();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("nextSequenceToken", "49" + now);
        if (tooOldEnd >= 0 || tooNewStart >= 0) {
            Map<String, Object> rejected = new LinkedHashMap<>();
            if (tooOldEnd >= 0) {
                rejected.put("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (tooNewStart >= 0) {
                rejected.put("tooNewLogEventStartIndex", tooNewStart);
            }
            response.put("rejectedLogEventsInfo", rejected);
        }
        ok(exchange, response);
    }

    private void getLogEvents(HttpExchange exchange, Map<String, Object> request, String group, String stream) throws IOException {
        if (!groups.containsKey(group)) {
            error(exchange, missingGroup());
            return;
        }
        if (!hasStream(group, stream)) {
            error(exchange, new AwsError(400, "ResourceNotFoundException", "The specified log stream does not exist."));
            return;
        }
        List<StoredLogEvent> events = store.find(StoredLogEvent.class, e -> e.group().equals(group) && e.stream().equals(stream));
        int start = 0;
        Object token = request.get("nextToken");
        if (token != null) {
            // only tokens this backend gave out ("f/N", "b/N") are valid, as only the real service's are there
            if (!(token instanceof String text) || !text.matches("[fb]/\\d{1,9}")) {
                error(exchange, new AwsError(400, "InvalidParameterException", "The specified nextToken is invalid."));
                return;
            }
            start = text.startsWith("f/") ? Math.min(events.size(), Integer.parseInt(text.substring(2))) : 0;
        }
        Object limitValue = request.get("limit");
        if (limitValue != null && (!(limitValue instanceof Number n) || n.doubleValue() < 1 || n.doubleValue() > 10_000)) {
            error(exchange, new AwsError(400, "InvalidParameterException", "1 validation error detected: Value at 'limit' "
                    + "failed to satisfy constraint: Member must have value between 1 and 10000"));
            return;
        }
        int limit = limitValue instanceof Number n ? n.intValue() : 10_000;
        List<StoredLogEvent> page = events.subList(start, Math.min(events.size(), start + limit));
        int end = start + page.size();
        ok(exchange, Map.of("events", page.stream().map(LogsEndpoint::event).toList(),
                "nextForwardToken", "f/" + end, "nextBackwardToken", "b/" + start));
    }

    private void filterLogEvents(HttpExchange exchange, Map<String, Object> request, String group) throws IOException {
        if (!groups.containsKey(group)) {
            error(exchange, missingGroup());
            return;
        }
        String pattern = String.valueOf(request.getOrDefault("filterPattern", "")).replace("\"", "").strip();
        List<Map<String, Object>> events = store.find(StoredLogEvent.class, e -> e.group().equals(group)
                && (pattern.isEmpty() || e.message().contains(pattern))).stream().map(e -> {
                    Map<String, Object> node = event(e);
                    node.put("logStreamName", e.stream());
                    node.put("eventId", e.timestamp() + "-" + Math.abs(e.message().hashCode()));
                    return node;
                }).toList();
        ok(exchange, Map.of("events", events, "searchedLogStreams", List.of()));
    }

    private static Map<String, Object> event(StoredLogEvent event) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("timestamp", event.timestamp());
        node.put("message", event.message());
        node.put("ingestionTime", event.ingestionTime());
        return node;
    }

    private static AwsError missingGroup() {
        return new AwsError(400, "ResourceNotFoundException", "The specified log group does not exist.");
    }

    private static void ok(HttpExchange exchange, Map<String, Object> body) throws IOException {
        exchange.answer(200, "application/x-amz-json-1.1", JSON.std.asString(body));
    }

    /** JSON 1.1 errors: {"__type": code, "message": …}. */
    static void error(HttpExchange exchange, AwsError error) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", error.code());
        body.put("message", error.message());
        error.describe(exchange).answer(error.status(), "application/x-amz-json-1.1", JSON.std.asString(body));
    }
}
