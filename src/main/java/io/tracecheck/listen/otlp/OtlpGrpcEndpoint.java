package io.tracecheck.listen.otlp;

import com.google.protobuf.Message;
import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.grpc.GrpcWire;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.Bodies;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.GrpcStatus;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.honeycomb.HoneycombGate;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * OTLP/gRPC {@code Export} for traces, logs and metrics over HTTP/2 cleartext, speaking the gRPC
 * wire protocol directly: length-prefixed messages (gzip when grpc-encoding says so), the status
 * in trailers, or trailers-only for an error.
 */
public final class OtlpGrpcEndpoint implements Endpoint {
    private final OtlpIngest ingest;
    private final HoneycombGate gate;

    public OtlpGrpcEndpoint(Store store, Clock clock, HoneycombGate gate) {
        this.ingest = new OtlpIngest(store, clock);
        this.gate = gate;
    }

    @Override
    public boolean serves(String path) {
        return Signal.byGrpcPath(path).isPresent();
    }

    @Override
    public Source source() {
        return Source.OTLP_GRPC;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Signal signal = Signal.byGrpcPath(exchange.path()).orElseThrow();
        if (!exchange.method().equals("POST")) {
            exchange.reason("gRPC requires POST").answer(405, "text/plain", "gRPC requires POST".getBytes(),
                    Map.of("Allow", "POST"), null);
            return;
        }
        if (!exchange.mediaType().startsWith("application/grpc")) {
            String reason = "gRPC requires content-type application/grpc, not '" + exchange.mediaType() + "'";
            exchange.reason(reason).answer(415, "text/plain", reason.getBytes(), Map.of(), null);
            return;
        }
        HoneycombGate.Decision decision = gate.decide(exchange::header);
        if (!decision.accepted()) {
            exchange.cause(decision.cause());
            refuse(exchange, decision.grpcStatus(), decision.message());
            return;
        }
        byte[] body;
        try {
            body = exchange.body();
        } catch (HttpExchange.BodyTooLarge e) {
            refuse(exchange, GrpcCode.RESOURCE_EXHAUSTED, e.getMessage());
            return;
        }
        Message request;
        try {
            request = signal.parseProtobuf(unframe(body, exchange.header("grpc-encoding").orElse("identity"), exchange));
        } catch (HttpExchange.BodyTooLarge e) {
            refuse(exchange, GrpcCode.RESOURCE_EXHAUSTED, "after decompression " + e.getMessage());
            return;
        } catch (Bodies.UnsupportedEncoding e) {
            exchange.kind(Arrival.Kind.UNSUPPORTED_MEDIA_TYPE);
            refuse(exchange, GrpcCode.UNIMPLEMENTED, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            refuse(exchange, GrpcCode.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        if (signal.ingest(ingest, request, Source.OTLP_GRPC, decision.destination()) > 0) {
            exchange.recorded();
        }
        exchange.answer(200, "application/grpc", GrpcWire.frame(signal.emptyResponse().toByteArray()), Map.of(),
                Map.of("grpc-status", String.valueOf(GrpcCode.OK.value())));
    }

    /** The one message of a unary call, decompressed as grpc-encoding says. */
    static byte[] unframe(byte[] body, String encoding, HttpExchange exchange) throws IOException {
        GrpcWire.Frame frame = GrpcWire.unframe(body);
        if (!frame.compressed()) {
            return frame.message();
        }
        if (encoding.equals("identity")) {
            throw new IllegalArgumentException("a compressed gRPC frame without a grpc-encoding");
        }
        return exchange.decode(frame.message(), encoding);
    }

    /** A gRPC status, as a gRPC server answers: a full budget is UNAVAILABLE, which clients retry. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) {
        refuse(exchange, switch (status) {
            case 408 -> GrpcCode.DEADLINE_EXCEEDED;
            case 413 -> GrpcCode.RESOURCE_EXHAUSTED;
            case 429 -> GrpcCode.UNAVAILABLE;
            case 500 -> GrpcCode.INTERNAL;
            default -> GrpcCode.INVALID_ARGUMENT;
        }, message);
    }

    /** The frontend shows the refusal, with the body's real size. */
    private static void refuse(HttpExchange exchange, GrpcCode code, String reason) {
        GrpcStatus.answer(exchange, code, reason);
    }
}
