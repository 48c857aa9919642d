package io.tracecheck.listen;

import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.honeycomb.AcceptedKey;

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

    public static List<String> of(ListenOptions options, int httpPort, int grpcPort, int udpPort) {
        String host = options.host();
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        String base = "http://" + urlHost + ":" + httpPort;
        AcceptedKey key = honeycombKey(options.honeycombKeys());
        List<String> lines = new ArrayList<>();
        lines.add(export("OTEL_EXPORTER_OTLP_ENDPOINT", base));
        lines.add(export("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        lines.add(export("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key.key()));
        lines.add(export("HONEYCOMB_API_ENDPOINT", base));
        lines.add(export("HONEYCOMB_API_KEY", key.key()));
        lines.add(export("AWS_ENDPOINT_URL", base));
        lines.add(export("AWS_REGION", "us-east-1"));
        lines.add(export("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId()));
        lines.add(export("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey()));
        lines.add(export("AWS_XRAY_DAEMON_ADDRESS", urlHost + ":" + udpPort));
        options.rollbarTokens().stream().filter(t -> t.can("post_server_item")).findFirst().ifPresent(token -> {
            lines.add(export("ROLLBAR_ENDPOINT", base + "/api/1/item/"));
            lines.add(export("ROLLBAR_ACCESS_TOKEN", token.token()));
        });
        options.rollbarTokens().stream().filter(t -> t.can("read")).findFirst()
                .ifPresent(token -> lines.add(export("ROLLBAR_READ_TOKEN", token.token())));
        return lines;
    }

    /** The same variables as a map: what {@code doctor --local} and the training run configure themselves with. */
    public static java.util.Map<String, String> environment(LocalBackends backends) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : of(backends.options(), backends.httpPort(), backends.grpcPort(), backends.udpPort())) {
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 2, assignment.length() - 1).replace("'\\''", "'"));
        }
        return env;
    }

    /** The key an app and tracecheck should use: one that can send and query, in an environment if possible. */
    static AcceptedKey honeycombKey(List<AcceptedKey> keys) {
        return keys.stream().filter(k -> k.can("events") && k.can("queries") && !k.classic()).findFirst()
                .or(() -> keys.stream().filter(k -> k.can("events")).findFirst())
                .orElse(keys.get(0));
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
