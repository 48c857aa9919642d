package io.tracecheck.listen;

/** The receiver an arrival came through, as the live view names it. */
public enum Source {
    OTLP_HTTP("otlp-http"), OTLP_GRPC("otlp-grpc"), XRAY_UDP("xray-udp"), XRAY_API("xray-api"), LOGS_API("cw-logs"), ROLLBAR_API("rollbar");

    private final String id;

    Source(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
