package io.tracecheck.listen;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code export NAME='value'} lines that point an app (or tracecheck) at the local backends,
 * one per variable, shell-quoted. They depend only on the host and ports, so the same flags give
 * the same lines on every run.
 */
public final class ExportLines {
    private ExportLines() {
    }

    public static List<String> of(String host, int httpPort, int grpcPort, int udpPort) {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        List<String> lines = new ArrayList<>();
        lines.add(export("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + urlHost + ":" + httpPort));
        lines.add(export("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        lines.add(export("AWS_XRAY_DAEMON_ADDRESS", urlHost + ":" + udpPort));
        return lines;
    }

    /** For an app that exports over gRPC instead: the endpoint on the gRPC port. */
    public static List<String> grpc(String host, int grpcPort) {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        return List.of(export("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + urlHost + ":" + grpcPort),
                export("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
    }

    static String export(String name, String value) {
        return "export " + name + "='" + value.replace("'", "'\\''") + "'";
    }
}
