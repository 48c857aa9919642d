package io.tracecheck.honeycomb;

import java.util.Arrays;
import java.util.Optional;

/** {@code OTEL_EXPORTER_OTLP_PROTOCOL} values, with the port a collector usually serves each on. */
public enum OtlpProtocol {
    HTTP_PROTOBUF("http/protobuf", 4318),
    HTTP_JSON("http/json", 4318),
    GRPC("grpc", 4317);

    private final String id;
    private final int collectorPort;

    OtlpProtocol(String id, int collectorPort) {
        this.id = id;
        this.collectorPort = collectorPort;
    }

    public String id() {
        return id;
    }

    public int collectorPort() {
        return collectorPort;
    }

    public boolean http() {
        return this != GRPC;
    }

    public static Optional<OtlpProtocol> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.id.equals(text)).findFirst();
    }
}
