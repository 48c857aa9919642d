package io.tracecheck.listen.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredSegment;
import io.tracecheck.listen.xray.DaemonReceiver;
import io.tracecheck.listen.xray.SegmentDocument;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The X-Ray API subset tracecheck and an instrumented app use, REST-JSON with SigV4 verified:
 * PutTraceSegments, BatchGetTraces, GetTraceSummaries (filters: service("…"), annotation.k = v),
 * GetGroup, GetGroups, CreateGroup, GetSamplingRules, GetSamplingTargets, Get/UpdateTraceSegmentDestination.
 * Segments land in the same store as the daemon's.
 * <p>
 * {@link #throughDaemon()} is the same API behind the X-Ray daemon's TCP port, unsigned: the real
 * daemon is a reverse proxy that signs whatever an SDK posts there (sampling rules and targets)
 * and forwards it to X-Ray, so the SDK itself never holds credentials for it.
 */
public final class XrayApiEndpoint implements Endpoint {
    /** Path to operation, as the X-Ray API routes them. */
    private static final Map<String, String> OPERATIONS = Map.of("/TraceSegments", "PutTraceSegments",
            "/Traces", "BatchGetTraces", "/TraceSummaries", "GetTraceSummaries", "/GetGroup", "GetGroup",
            "/Groups", "GetGroups", "/CreateGroup", "CreateGroup", "/GetSamplingRules", "GetSamplingRules",
            "/SamplingTargets", "GetSamplingTargets", "/GetTraceSegmentDestination", "GetTraceSegmentDestination",
            "/UpdateTraceSegmentDestination", "UpdateTraceSegmentDestination");

    private final SigV4Verifier verifier;
    private final Store store;
    private final Clock clock;
    private final SamplingRules sampling;
    private final int daemonPort;
    private final Map<String, String> groups = new ConcurrentHashMap<>();
    private final TraceSegmentDestination destination;

    /** {@code daemonPort}: where the daemon's TCP proxy answers, for an unsigned sampler that came here instead. */
    public XrayApiEndpoint(SigV4Verifier verifier, Store store, Clock clock, int daemonPort) {
        this(verifier, store, clock, daemonPort, new TraceSegmentDestination(TraceSegmentDestination.CLOUDWATCH_LOGS));
    }

    /** {@code destination}: Transaction Search's switch, shared with the OTLP traces endpoint. */
    public XrayApiEndpoint(SigV4Verifier verifier, Store store, Clock clock, int daemonPort,
                           TraceSegmentDestination destination) {
        this.destination = destination;
        this.verifier = verifier;
        this.store = store;
        this.clock = clock;
        this.daemonPort = daemonPort;
        this.sampling = new SamplingRules(clock.instant());
        groups.put("Default", "");
    }

    @Override
    public boolean serves(String path) {
        return OPERATIONS.containsKey(path);
    }

    @Override
    public Source source() {
        return Source.XRAY_API;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.operation(OPERATIONS.get(exchange.path()));
        byte[] body = exchange.body();
        SigV4Verifier.Verdict verdict = verifier.verify(exchange, body, SigV4Verifier.Dialect.JSON, 403, "xray");
        if (!verdict.ok()) {
            boolean sampler = exchange.path().equals("/GetSamplingRules") || exchange.path().equals("/SamplingTargets");
            if (sampler && verdict.error().code().startsWith("MissingAuthenticationToken")) {
                String host = exchange.header("Host").orElse("127.0.0.1").replaceAll(":\\d+$", "");
                exchange.cause("an X-Ray SDK polls sampling rules unsigned, through the daemon, and AWS_XRAY_DAEMON_ADDRESS "
                        + "points it at this HTTP port, whose API needs SigV4: set AWS_XRAY_DAEMON_ADDRESS=" + host + ":"
                        + daemonPort + ", listen's daemon port, which takes segments over UDP and answers the sampler over TCP");
            }
            error(exchange, verdict.error());
            return;
        }
        operate(exchange, body, Source.XRAY_API);
    }

    /**
     * The daemon's TCP proxy: every path, unsigned, answered as X-Ray answers it once the daemon has
     * signed and forwarded it.
     */
    public Endpoint throughDaemon() {
        return new Endpoint() {
            @Override
            public boolean serves(String path) {
                return true;
            }

            @Override
            public Source source() {
                return Source.XRAY_TCP;
            }

            @Override
            public void answerError(HttpExchange exchange, int status, String message) throws IOException {
                error(exchange, restJsonError(status, message));
            }

            @Override
            public void handle(HttpExchange exchange) throws IOException {
                String operation = OPERATIONS.get(exchange.path());
                byte[] body = exchange.body();
                if (operation == null) {
                    error(exchange.cause("the X-Ray daemon's TCP port forwards requests to the X-Ray API, which has no "
                            + "operation at " + exchange.path() + "; X-Ray SDKs post /GetSamplingRules and /SamplingTargets "
                            + "here, and send segments over UDP"), new AwsError(404, "UnknownOperationException",
                            "no X-Ray operation at " + exchange.path()));
                    return;
                }
                exchange.operation(operation);
                operate(exchange, body, Source.XRAY_TCP);
            }
        };
    }

    private void operate(HttpExchange exchange, byte[] body, Source source) throws IOException {
        if (!exchange.method().equals("POST")) {
            error(exchange, new AwsError(404, "UnknownOperationException", "X-Ray operations are POSTs; "
                    + exchange.method() + " " + exchange.path() + " is none"));
            return;
        }
        Optional<Map<String, Object>> parsed = JsonBody.parse(body);
        if (parsed.isEmpty()) {
            error(exchange, JsonBody.NOT_JSON);
            return;
        }
        Map<String, Object> request = parsed.get();
        switch (exchange.path()) {
            case "/TraceSegments" -> putTraceSegments(exchange, request, source);
            case "/Traces" -> batchGetTraces(exchange, request);
            case "/TraceSummaries" -> traceSummaries(exchange, request);
            case "/GetGroup" -> getGroup(exchange, request);
            case "/Groups" -> ok(exchange, Map.of("Groups", groups.keySet().stream().sorted().map(this::group).toList()));
            case "/CreateGroup" -> createGroup(exchange, request);
            case "/GetSamplingRules" -> ok(exchange, sampling.records());
            case "/SamplingTargets" -> {
                SamplingRules.Result targets = sampling.targets(request, clock.instant());
                if (targets.error() != null) {
                    error(exchange, targets.error());
                } else {
                    ok(exchange, targets.body());
                }
            }
            case "/GetTraceSegmentDestination" -> ok(exchange, destination.read());
            case "/UpdateTraceSegmentDestination" -> {
                Map<String, Object> updated = destination.update(request.get("Destination"));
                if (updated == null) {
                    error(exchange, new AwsError(400, "InvalidRequestException", "Destination must be XRay or CloudWatchLogs"));
                } else {
                    ok(exchange, updated);
                }
            }
            default -> error(exchange, new AwsError(404, "UnknownOperationException", "unknown operation"));
        }
    }

    private void putTraceSegments(HttpExchange exchange, Map<String, Object> request, Source source) throws IOException {
        List<Map<String, Object>> unprocessed = new ArrayList<>();
        List<StoredSegment> accepted = new ArrayList<>();
        List<Arrival> arrivals = new ArrayList<>();
        Object documents = request.get("TraceSegmentDocuments");
        if (!(documents instanceof List<?> list)) {
            error(exchange, new AwsError(400, "InvalidRequestException", "TraceSegmentDocuments is required"));
            return;
        }
        for (Object document : list) {
            String json = String.valueOf(document);
            try {
                Map<String, Object> fields = SegmentDocument.parse(json);
                StoredSegment segment = new StoredSegment(clock.instant(), source, (String) fields.get("trace_id"),
                        (String) fields.get("id"), (String) fields.get("name"),
                        fields.get("parent_id") instanceof String parent ? parent : "", json, fields);
                accepted.add(segment);
                arrivals.add(DaemonReceiver.arrival(segment, json.length()));
            } catch (IllegalArgumentException e) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Id", idOf(json));
                entry.put("ErrorCode", "InvalidSegment");
                entry.put("Message", e.getMessage());
                unprocessed.add(entry);
                store.record(Arrival.malformed(source, clock.instant(), json.length(), e.getMessage()));
            }
        }
        store.accept(accepted, arrivals);
        if (!list.isEmpty()) {
            exchange.recorded();
        }
        ok(exchange, Map.of("UnprocessedTraceSegments", unprocessed));
    }

    private static String idOf(String json) {
        try {
            Map<String, Object> map = JSON.std.mapFrom(json);
            return map == null ? "" : String.valueOf(map.getOrDefault("id", ""));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    private void batchGetTraces(HttpExchange exchange, Map<String, Object> request) throws IOException {
        List<Object> traces = new ArrayList<>();
        List<Object> unprocessed = new ArrayList<>();
        if (!(request.get("TraceIds") instanceof List<?> ids)) {
            error(exchange, new AwsError(400, "InvalidRequestException", "1 validation error detected: Value null at "
                    + "'traceIds' failed to satisfy constraint: Member must not be null"));
            return;
        }
        for (Object id : ids) {
            List<StoredSegment> segments = store.segmentsOfTrace(String.valueOf(id));
            if (segments.isEmpty()) {
                unprocessed.add(id);
                continue;
            }
            Map<String, Object> trace = new LinkedHashMap<>();
            trace.put("Id", id);
            trace.put("Duration", duration(segments));
            trace.put("Segments", segments.stream().map(s -> Map.of("Id", s.id(), "Document", s.document())).toList());
            traces.add(trace);
        }
        ok(exchange, Map.of("Traces", traces, "UnprocessedTraceIds", unprocessed));
    }

    private void traceSummaries(HttpExchange exchange, Map<String, Object> request) throws IOException {
        double start = request.get("StartTime") instanceof Number n ? n.doubleValue() : 0;
        double end = request.get("EndTime") instanceof Number n ? n.doubleValue() : Double.MAX_VALUE;
        XrayFilter filter;
        try {
            filter = XrayFilter.parse(String.valueOf(request.getOrDefault("FilterExpression", "")));
        } catch (IllegalArgumentException e) {
            error(exchange, new AwsError(400, "InvalidRequestException", e.getMessage()));
            return;
        }
        Map<String, List<StoredSegment>> byTrace = new LinkedHashMap<>();
        for (StoredSegment segment : store.segments()) {
            byTrace.computeIfAbsent(segment.traceId(), t -> new ArrayList<>()).add(segment);
        }
        List<Object> summaries = new ArrayList<>();
        byTrace.forEach((traceId, segments) -> {
            StoredSegment root = segments.stream().filter(s -> s.parentId().isEmpty()).findFirst().orElse(segments.get(0));
            double startTime = root.fields().get("start_time") instanceof Number n ? n.doubleValue() : 0;
            if (startTime < start || startTime > end || segments.stream().noneMatch(filter::matches)) {
                return;
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("Id", traceId);
            summary.put("StartTime", startTime);
            summary.put("Duration", duration(segments));
            summary.put("ResponseTime", duration(List.of(root)));
            summary.put("HasFault", Boolean.TRUE.equals(root.fields().get("fault")));
            summary.put("HasError", Boolean.TRUE.equals(root.fields().get("error")));
            summary.put("HasThrottle", Boolean.TRUE.equals(root.fields().get("throttle")));
            if (root.fields().get("http") instanceof Map<?, ?> http) {
                summary.put("Http", http);
            }
            summary.put("ServiceIds", segments.stream().map(StoredSegment::name).distinct()
                    .map(name -> Map.of("Name", name, "Names", List.of(name))).toList());
            summaries.add(summary);
        });
        ok(exchange, Map.of("TraceSummaries", summaries, "ApproximateTime", clock.instant().getEpochSecond(),
                "TracesProcessedCount", summaries.size()));
    }

    private void getGroup(HttpExchange exchange, Map<String, Object> request) throws IOException {
        String name = String.valueOf(request.getOrDefault("GroupName", ""));
        if (!groups.containsKey(name)) {
            error(exchange, new AwsError(400, "InvalidRequestException", "Group not found"));
            return;
        }
        ok(exchange, Map.of("Group", group(name)));
    }

    private void createGroup(HttpExchange exchange, Map<String, Object> request) throws IOException {
        String name = String.valueOf(request.getOrDefault("GroupName", ""));
        if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
            error(exchange, new AwsError(400, "InvalidRequestException", "Invalid group name: " + name));
            return;
        }
        if (groups.putIfAbsent(name, String.valueOf(request.getOrDefault("FilterExpression", ""))) != null) {
            error(exchange, new AwsError(400, "InvalidRequestException", "Group already exists"));
            return;
        }
        ok(exchange, Map.of("Group", group(name)));
    }

    private Map<String, Object> group(String name) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("GroupName", name);
        group.put("GroupARN", "arn:aws:xray:us-east-1:123456789012:group/" + name + "/local");
        if (!groups.getOrDefault(name, "").isEmpty()) {
            group.put("FilterExpression", groups.get(name));
        }
        group.put("InsightsConfiguration", Map.of("InsightsEnabled", false, "NotificationsEnabled", false));
        return group;
    }

    private static double duration(List<StoredSegment> segments) {
        double start = Double.MAX_VALUE;
        double end = 0;
        for (StoredSegment segment : segments) {
            if (segment.fields().get("start_time") instanceof Number s) {
                start = Math.min(start, s.doubleValue());
            }
            if (segment.fields().get("end_time") instanceof Number e) {
                end = Math.max(end, e.doubleValue());
            }
        }
        return end > start ? Math.round((end - start) * 1000) / 1000.0 : 0;
    }

    /** REST-JSON, with the codes X-Ray gives these failures. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws IOException {
        error(exchange, restJsonError(status, message));
    }

    static AwsError restJsonError(int status, String message) {
        return switch (status) {
            case 408 -> new AwsError(408, "RequestTimeout", message);
            case 413 -> new AwsError(413, "RequestEntityTooLarge", message);
            case 429 -> new AwsError(429, "ThrottledException", message);
            case 500 -> new AwsError(500, "InternalFailure", message);
            default -> new AwsError(400, "InvalidRequestException", message);
        };
    }

    private static void ok(HttpExchange exchange, Map<String, Object> body) throws IOException {
        exchange.answer(200, "application/json", JSON.std.asString(body));
    }

    /** REST-JSON errors: the code in x-amzn-ErrorType, the message in the body. */
    private static void error(HttpExchange exchange, AwsError error) throws IOException {
        error.describe(exchange).answer(error.status(), "application/json", JSON.std.asBytes(Map.of("message", error.message())),
                Map.of("x-amzn-ErrorType", error.code()), null);
    }
}
