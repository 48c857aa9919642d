package io.tracecheck.listen;

import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;

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
        return of(options, host, httpPort, udpPort, scope, Map.of());
    }

    /**
     * The same, where a key or token given with {@code --honeycomb-key} or {@code --rollbar-token}
     * is never printed: its line names the variable of {@code env} that holds it (the shell expands
     * it at {@code eval}), or the variable it belongs in, which eval then needs set ({@code ${NAME:?…}}).
     * listen's own test keys are public and print as they are.
     */
    public static List<String> of(ListenOptions options, String host, int httpPort, int udpPort, Scope scope,
                                  Map<String, String> env) {
        Map<String, String> variables = variables(options, host, httpPort, udpPort, scope);
        Map<String, Given> given = new LinkedHashMap<>();
        AcceptedKey key = honeycombKey(options.honeycombKeys());
        if (!AcceptedKey.defaults().contains(key)) {
            given.put(key.key(), new Given("HONEYCOMB_API_KEY", "--honeycomb-key"));
        }
        for (AcceptedToken token : options.rollbarTokens()) {
            if (!AcceptedToken.defaults().contains(token)) {
                given.putIfAbsent(token.token(), new Given(token.can("post_server_item") ? "ROLLBAR_ACCESS_TOKEN" : "ROLLBAR_READ_TOKEN",
                        "--rollbar-token"));
            }
        }
        List<String> lines = new ArrayList<>(variables.size());
        Map<String, String> noted = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            Map.Entry<String, Given> secret = given.entrySet().stream().filter(g -> value.contains(g.getKey())).findFirst().orElse(null);
            if (secret == null) {
                lines.add(export(name, value));
                return;
            }
            String reference = secret.getValue().reference(secret.getKey(), env, noted);
            lines.add("export " + name + "=\"" + value.replace(secret.getKey(), reference).replace("\"", "\\\"") + "\"");
        });
        List<String> comments = new ArrayList<>();
        noted.forEach((variable, note) -> comments.add("# " + variable + ": " + note));
        comments.addAll(lines);
        return comments;
    }

    /** A key or token given on listen's command line, and the variable an app reads it from. */
    private record Given(String variable, String option) {
        /** {@code ${NAME}} for the variable of {@code env} holding {@code value}, else {@code ${VARIABLE:?…}}. */
        String reference(String value, Map<String, String> env, Map<String, String> notes) {
            String holder = value.equals(env.get(variable)) ? variable : env.entrySet().stream()
                    .filter(e -> value.equals(e.getValue())).map(Map.Entry::getKey).sorted().findFirst().orElse(null);
            if (holder != null) {
                notes.putIfAbsent(variable, "the value given with " + option + ", from $" + holder + " (not printed)");
                return "${" + holder + "}";
            }
            notes.putIfAbsent(variable, env.containsKey(variable)
                    ? "the value given with " + option + " is not the one this shell exports; set " + variable + " to it"
                    : "the value given with " + option + " is not printed: eval needs " + variable + " set to it");
            return "${" + variable + ":?set " + variable + " to the value given to listen " + option + "}";
        }
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

    /** The same for backends whose ports are bound and whose server is still starting. */
    public static Map<String, String> environment(LocalBackends.Bound backends) {
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
