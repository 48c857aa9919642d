package io.tracecheck.listen;

/** The receiver an arrival came through, as the live view names it. */
public enum Source {
    OTLP_HTTP("otlp-http"), OTLP_GRPC("otlp-grpc"), XRAY_UDP("xray-udp"), XRAY_TCP("xray-tcp"), XRAY_API("xray-api"),
    LOGS_API("cw-logs"), STS("sts"), ROLLBAR_API("rollbar"), HONEYCOMB_API("honeycomb"),
    /** The HTTP port, for a path no backend serves and that names none of them. */
    HTTP("http"),
    /** A file {@code listen --replay} loaded that does not say how its items arrived (the Collector's file exporter). */
    REPLAY("replay");

    private final String id;

    Source(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
