package io.tracecheck.grpc;

import java.util.Optional;

/** gRPC status codes by name, with the number that travels in {@code grpc-status} and google.rpc.Status. */
public enum GrpcCode {
    OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED,
    RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS,
    UNAUTHENTICATED;

    private static final GrpcCode[] BY_VALUE = values();

    /** The code's number: the declaration order is the protocol's numbering, 0 to 16. */
    public int value() {
        return ordinal();
    }

    public static Optional<GrpcCode> of(int value) {
        return value >= 0 && value < BY_VALUE.length ? Optional.of(BY_VALUE[value]) : Optional.empty();
    }

    /** A {@code grpc-status} header's code; empty when the header is not a known number. */
    public static Optional<GrpcCode> parse(String header) {
        String text = header == null ? "" : header.strip();
        return text.matches("\\d{1,2}") ? of(Integer.parseInt(text)) : Optional.empty();
    }
}
