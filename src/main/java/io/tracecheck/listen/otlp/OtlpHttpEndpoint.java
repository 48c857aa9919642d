package io.tracecheck.listen.otlp;

import com.google.protobuf.Message;
import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.grpc.GrpcWire;
import io.tracecheck.listen.Bodies;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.honeycomb.HoneycombGate;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * OTLP/HTTP: {@code POST /v1/traces|logs|metrics}, protobuf or JSON, optionally gzip, answered as
 * an OpenTelemetry Collector answers: 200 with an export response in the request's encoding; 400,
 * 413, 415 with a {@code google.rpc.Status} body; 405 for another method.
 */
public final class OtlpHttpEndpoint implements Endpoint {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private final OtlpIngest ingest;
    private final HoneycombGate gate;

    public OtlpHttpEndpoint(Store store, Clock clock, HoneycombGate gate) {
        this.ingest = new OtlpIngest(store, clock);
        this.gate = gate;
    }

    @Override
    public boolean serves(String path) {
        return Signal.byHttpPath(path).isPresent();
    }

    @Override
    public Source source() {
        return Source.OTLP_HTTP;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Signal signal = Signal.byHttpPath(exchange.path()).orElseThrow();
        if (!exchange.method().equals("POST")) {
            exchange.reason("method not allowed: use POST " + signal.httpPath()).answer(405, "text/plain; charset=utf-8",
                    ("405 method not allowed: use POST " + signal.httpPath()).getBytes(), Map.of("Allow", "POST"), null);
            return;
        }
        String mediaType = exchange.mediaType();
        HoneycombGate.Decision decision = gate.decide(exchange::header);
        if (!decision.accepted()) {
            exchange.cause(decision.cause());
            refuse(exchange, decision.httpStatus(), mediaType, decision.message());
            return;
        }
        boolean json = mediaType.equals(JSON);
        if (!json && !mediaType.equals(PROTOBUF)) {
            refuse(exchange, 415, PROTOBUF, "unsupported content type '" + mediaType
                    + "'; OTLP/HTTP accepts application/x-protobuf and application/json");
            return;
        }
        byte[] raw;
        try {
            raw = exchange.body();
        } catch (HttpExchange.BodyTooLarge e) {
            refuse(exchange, 413, mediaType, e.getMessage());
            return;
        }
        Message request;
        try {
            byte[] body = exchange.decode(raw, exchange.header("Content-Encoding").orElse(""));
            request = json ? signal.parseJson(body) : signal.parseProtobuf(body);
        } catch (HttpExchange.BodyTooLarge e) {
            refuse(exchange, 413, mediaType, "after decompression " + e.getMessage());
            return;
        } catch (Bodies.UnsupportedEncoding e) {
            refuse(exchange, 415, mediaType, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            refuse(exchange, 400, mediaType, e.getMessage());
            return;
        }
        if (signal.ingest(ingest, request, Source.OTLP_HTTP, decision.destination()) > 0) {
            exchange.recorded();
        }
        Message response = signal.emptyResponse();
        exchange.answer(200, json ? JSON : PROTOBUF, json ? OtlpJson.write(response).getBytes() : response.toByteArray());
    }

    /** google.rpc.Status in the request's encoding, as the Collector answers; a full budget is retryable (429). */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) {
        if (status == 429) {
            exchange.reason(message);
            boolean json = !exchange.mediaType().equals(PROTOBUF);
            exchange.answer(429, json ? JSON : PROTOBUF, json
                    ? ("{\"code\":" + GrpcCode.UNAVAILABLE.value() + ",\"message\":" + OtlpJson.quote(message) + "}").getBytes()
                    : GrpcWire.encodeStatus(GrpcCode.UNAVAILABLE, message), Map.of("Retry-After", "1"), null);
            return;
        }
        refuse(exchange, status, exchange.mediaType(), message);
    }

    /** The frontend shows the refusal, with the body's real size. */
    private static void refuse(HttpExchange exchange, int status, String mediaType, String reason) {
        exchange.reason(reason);
        GrpcCode code = switch (status) {
            case 401 -> GrpcCode.UNAUTHENTICATED;
            case 403 -> GrpcCode.PERMISSION_DENIED;
            case 413 -> GrpcCode.RESOURCE_EXHAUSTED;
            case 415, 400 -> GrpcCode.INVALID_ARGUMENT;
            case 408 -> GrpcCode.DEADLINE_EXCEEDED;
            case 500 -> GrpcCode.INTERNAL;
            default -> GrpcCode.UNKNOWN;
        };
        boolean json = !mediaType.equals(PROTOBUF);
        exchange.answer(status, json ? JSON : PROTOBUF, json
                ? ("{\"code\":" + code.value() + ",\"message\":" + OtlpJson.quote(reason) + "}").getBytes()
                : GrpcWire.encodeStatus(code, reason));
    }
}
