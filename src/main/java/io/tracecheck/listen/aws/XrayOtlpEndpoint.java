package io.tracecheck.listen.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.Bodies;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredLogEvent;
import io.tracecheck.listen.otlp.OtlpJson;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CloudWatch's OTLP traces endpoint ({@code https://xray.REGION.amazonaws.com/v1/traces}): OTLP/HTTP
 * signed with SigV4 under the signing name {@code xray}. With Transaction Search on, the spans are
 * stored as Transaction Search stores them: one JSON log event per span in the log group
 * {@code aws/spans} (stream {@code default}), readable with the CloudWatch Logs API. With it off,
 * the request is refused as the real endpoint refuses it. What it assumes of the real endpoint's
 * answers is in docs/decisions.md.
 * <p>
 * It sits in front of the plain OTLP/HTTP receiver on the same paths: a request that is not
 * signed for {@code xray} (every unsigned export) goes on to that receiver unchanged.
 */
public final class XrayOtlpEndpoint implements Endpoint {
    public static final String LOG_GROUP = "aws/spans";
    public static final String LOG_STREAM = "default";
    private static final Pattern SIGNED_FOR_XRAY = Pattern.compile(
            "^AWS4-HMAC-SHA256\\s+Credential=[^/]+/\\d{8}/[^/]+/xray/aws4_request\\b");
    private static final HexFormat HEX = HexFormat.of();

    private final Endpoint unsigned;
    private final SigV4Verifier verifier;
    private final TraceSegmentDestination destination;
    private final AwsRootEndpoint logs;
    private final Store store;
    private final Clock clock;

    public XrayOtlpEndpoint(Endpoint unsigned, SigV4Verifier verifier, TraceSegmentDestination destination,
                            AwsRootEndpoint logs, Store store, Clock clock) {
        this.unsigned = unsigned;
        this.verifier = verifier;
        this.destination = destination;
        this.logs = logs;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean serves(String path) {
        return unsigned.serves(path);
    }

    @Override
    public Source source() {
        return unsigned.source();
    }

    /** A request to /v1/traces whose Authorization is SigV4 for the service xray. */
    static boolean signedForXray(HttpExchange exchange) {
        String path = exchange.path().endsWith("/") ? exchange.path().substring(0, exchange.path().length() - 1) : exchange.path();
        return path.equals("/v1/traces")
                && exchange.header("Authorization").filter(a -> SIGNED_FOR_XRAY.matcher(a).find()).isPresent();
    }

    /** A request the server could not read is answered as the plain OTLP receiver answers it. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws Exception {
        unsigned.answerError(exchange, status, message);
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        if (!signedForXray(exchange)) {
            unsigned.handle(exchange);
            return;
        }
        exchange.source(Source.XRAY_API).operation("PutSpans");
        if (!exchange.method().equals("POST")) {
            error(exchange, new AwsError(405, "MethodNotAllowedException", "the OTLP traces endpoint takes POST /v1/traces"));
            return;
        }
        byte[] raw;
        try {
            raw = exchange.body();
        } catch (HttpExchange.BodyTooLarge e) {
            error(exchange, new AwsError(413, "RequestEntityTooLargeException", e.getMessage()));
            return;
        }
        SigV4Verifier.Verdict verdict = verifier.verify(exchange, raw, SigV4Verifier.Dialect.JSON, 403, "xray");
        if (!verdict.ok()) {
            error(exchange, verdict.error());
            return;
        }
        if (!destination.spansToLogs()) {
            error(exchange.cause("Transaction Search is off in listen's account: aws xray update-trace-segment-destination "
                    + "--destination CloudWatchLogs turns it on"), new AwsError(400, "InvalidRequestException",
                    "The OTLP API is supported with CloudWatch Logs as the trace segment destination. Enable Transaction "
                            + "Search: set the destination to CloudWatchLogs with UpdateTraceSegmentDestination."));
            return;
        }
        String mediaType = exchange.mediaType();
        boolean json = mediaType.equals("application/json");
        if (!json && !mediaType.equals("application/x-protobuf")) {
            error(exchange, new AwsError(415, "UnsupportedMediaTypeException", "unsupported content type '" + mediaType
                    + "'; the OTLP traces endpoint takes application/x-protobuf"));
            return;
        }
        ExportTraceServiceRequest request;
        try {
            byte[] body = Bodies.decode(raw, exchange.header("Content-Encoding").orElse(""), exchange.bodyLimit());
            request = json ? OtlpJson.parse(body, ExportTraceServiceRequest.newBuilder()).build()
                    : ExportTraceServiceRequest.parseFrom(body);
        } catch (IOException | IllegalArgumentException e) {
            error(exchange, new AwsError(400, "InvalidRequestException", "the body is not an OTLP ExportTraceServiceRequest: "
                    + e.getMessage()));
            return;
        }
        if (store(request) > 0) {
            exchange.recorded();
        }
        ExportTraceServiceResponse response = ExportTraceServiceResponse.getDefaultInstance();
        exchange.answer(200, json ? "application/json" : "application/x-protobuf",
                json ? OtlpJson.write(response).getBytes() : response.toByteArray());
    }

    /** Each span as one log event in aws/spans; one arrival per trace and service. Returns the arrivals. */
    private int store(ExportTraceServiceRequest request) throws IOException {
        Instant now = clock.instant();
        List<StoredLogEvent> events = new ArrayList<>();
        Map<String, List<Map<String, Object>>> traces = new LinkedHashMap<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
            String service = String.valueOf(resource.getOrDefault("service.name", "unknown_service"));
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    Map<String, Object> document = document(span, resource, scopeSpans);
                    events.add(new StoredLogEvent(now, Source.XRAY_API, LOG_GROUP, LOG_STREAM,
                            span.getStartTimeUnixNano() / 1_000_000, now.toEpochMilli(), JSON.std.asString(document)));
                    traces.computeIfAbsent(service + "\u0000" + document.get("traceId"), k -> new ArrayList<>()).add(document);
                }
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        logs.ensureLogStream(LOG_GROUP, LOG_STREAM);
        List<Arrival> arrivals = new ArrayList<>();
        traces.forEach((key, spans) -> {
            Map<String, Object> root = spans.stream().filter(s -> !s.containsKey("parentSpanId")).findFirst().orElse(spans.get(0));
            arrivals.add(Arrival.data(Arrival.Kind.SPANS, Source.XRAY_API, now, key.substring(0, key.indexOf('\u0000')),
                    String.valueOf(root.get("name")), String.valueOf(root.get("traceId")),
                    spans.stream().map(s -> new Arrival.Item(String.valueOf(s.get("spanId")),
                            String.valueOf(s.getOrDefault("parentSpanId", "")), String.valueOf(s.get("name")))).toList(),
                    spans.size(), spans.stream().mapToLong(s -> String.valueOf(s).length()).sum(),
                    spans.stream().anyMatch(s -> s.get("attributes") instanceof Map<?, ?> a
                            && Boolean.TRUE.equals(a.get("tracecheck.probe")))));
        });
        store.accept(events, arrivals);
        return arrivals.size();
    }

    /** The span as Transaction Search writes it to aws/spans: OTel field names, ids in hex, attributes as JSON values. */
    private static Map<String, Object> document(Span span, Map<String, Object> resource, ScopeSpans scope) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("resource", Map.of("attributes", resource));
        Map<String, Object> scopeNode = new LinkedHashMap<>();
        scopeNode.put("name", scope.getScope().getName());
        if (!scope.getScope().getVersion().isEmpty()) {
            scopeNode.put("version", scope.getScope().getVersion());
        }
        document.put("scope", scopeNode);
        document.put("traceId", hex(span.getTraceId()));
        document.put("spanId", hex(span.getSpanId()));
        if (!span.getParentSpanId().isEmpty()) {
            document.put("parentSpanId", hex(span.getParentSpanId()));
        }
        document.put("flags", span.getFlags());
        document.put("name", span.getName());
        document.put("kind", span.getKind().name().replace("SPAN_KIND_", ""));
        document.put("startTimeUnixNano", span.getStartTimeUnixNano());
        document.put("endTimeUnixNano", span.getEndTimeUnixNano());
        document.put("durationNano", span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
        document.put("attributes", attributes(span.getAttributesList()));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", span.getStatus().getCode().name().replace("STATUS_CODE_", ""));
        if (!span.getStatus().getMessage().isEmpty()) {
            status.put("message", span.getStatus().getMessage());
        }
        document.put("status", status);
        return document;
    }

    private static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        attributes.forEach(a -> map.put(a.getKey(), value(a.getValue())));
        return map;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> HEX.formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(XrayOtlpEndpoint::value).toList();
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .collect(Collectors.toMap(KeyValue::getKey, kv -> value(kv.getValue()), (a, b) -> b, LinkedHashMap::new));
            default -> "";
        };
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray()).toLowerCase(Locale.ROOT);
    }

    /** REST-JSON errors, as X-Ray answers them: the code in x-amzn-ErrorType, {"message"} in the body. */
    private static void error(HttpExchange exchange, AwsError error) throws IOException {
        error.describe(exchange).answer(error.status(), "application/json", JSON.std.asBytes(Map.of("message", error.message())),
                Map.of("x-amzn-ErrorType", error.code()), null);
    }
}
