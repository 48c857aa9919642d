package io.tracecheck.listen;

import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.grpc.GrpcWire;

import java.util.Map;

/** The trailers-only answer gRPC servers give for an error. */
public final class GrpcStatus {
    private GrpcStatus() {
    }

    /** An error as gRPC sends it: HTTP 200, no message, grpc-status and grpc-message in the headers. */
    public static void answer(HttpExchange exchange, GrpcCode code, String message) {
        exchange.reason(message).answer(200, "application/grpc", new byte[0],
                Map.of("grpc-status", String.valueOf(code.value()), "grpc-message", GrpcWire.encodeMessage(message)), null);
    }
}
