package io.tracecheck.listen;

import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.honeycomb.AcceptedKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code export NAME='value'} lines that point an app (or tracecheck) at the local backends,
 * one per variable, shell-quoted, for {@code eval}. They depend only on the address and ports, so
 * the same flags give the same lines on every run.
 */
public final class ExportLines {
    /** The region listen's AWS APIs are reached in, for the SDKs that read each variable. */
    public static final String REGION = "us-east-1";

    /** Which variables: all of them, or only where to send ({@code --print-env=endpoints}), keeping the shell's own keys. */
    public enum Scope { ALL, ENDPOINTS }

    private ExportLines() {
    }

    /** The lines for an app reaching listen at {@code host} (already the address to print, never a wildcard). */
    public static List<String> of(ListenOptions options, String host, int httpPort, int udpPort, Scope scope) {
        Map<String, String> variables = variables(options, host, httpPort, udpPort, scope);
        List<String> lines = new ArrayList<>(variables.size());
        variables.forEach((name, value) -> lines.add(export(name, value)));
        return lines;
    }

    private static Map<String, String> variables(ListenOptions options, String host, int httpPort, int udpPort, Scope scope) {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        String base = "http://" + urlHost + ":" + httpPort;
        boolean all = scope == Scope.ALL;
        AcceptedKey key = honeycombKey(options.honeycombKeys());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", base);
        variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        if (all) {
            variables.put("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key.key());
        }
        variables.put("HONEYCOMB_API_ENDPOINT", base);
        if (all) {
            variables.put("HONEYCOMB_API_KEY", key.key());
        }
        variables.put("AWS_ENDPOINT_URL", base);
        if (all) {
            // Java and Node read AWS_REGION, boto3 and the AWS CLI AWS_DEFAULT_REGION: both, or a
            // shell that had one set to another region would send half its calls elsewhere.
            variables.put("AWS_REGION", REGION);
            variables.put("AWS_DEFAULT_REGION", REGION);
            variables.put("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId());
            variables.put("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey());
        }
        variables.put("AWS_XRAY_DAEMON_ADDRESS", urlHost + ":" + udpPort);
        options.rollbarTokens().stream().filter(t -> t.can("post_server_item")).findFirst().ifPresent(token -> {
            variables.put("ROLLBAR_ENDPOINT", base + "/api/1/item/");
            if (all) {
                variables.put("ROLLBAR_ACCESS_TOKEN", token.token());
            }
        });
        if (all) {
            options.rollbarTokens().stream().filter(t -> t.can("read")).findFirst()
                    .ifPresent(token -> variables.put("ROLLBAR_READ_TOKEN", token.token()));
        }
        return variables;
    }

    /** The same variables as a map: what {@code doctor --local} and the training run configure themselves with. */
    public static Map<String, String> environment(LocalBackends backends) {
        return variables(backends.options(), backends.host(), backends.httpPort(), backends.udpPort(), Scope.ALL);
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
