package io.tracecheck.listen;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** gRPC status codes and the trailers-only answer gRPC servers give for an error. */
public final class GrpcStatus {
    public static final int OK = 0;
    public static final int INVALID_ARGUMENT = 3;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNIMPLEMENTED = 12;
    public static final int INTERNAL = 13;
    public static final int UNAUTHENTICATED = 16;

    private GrpcStatus() {
    }

    /** An error as gRPC sends it: HTTP 200, no message, grpc-status and grpc-message in the headers. */
    public static void answer(HttpExchange exchange, int status, String message) {
        exchange.answer(200, "application/grpc", new byte[0],
                Map.of("grpc-status", String.valueOf(status), "grpc-message", encode(message)), null);
    }

    /** grpc-message is percent-encoded (spaces included), per the gRPC HTTP/2 protocol. */
    static String encode(String message) {
        return URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
