package io.tracecheck.listen;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The likely cause of a refused request, in words, with the variable to change: the mistakes an
 * app's configuration makes that listen exists to show (a doubled OTLP path, a signal path misspelt,
 * the wrong port for the protocol, a GET on an export path, a body too large).
 */
final class Causes {
    private static final Pattern DOUBLED = Pattern.compile("(.*?)/v1/(traces|logs|metrics)/v1/(traces|logs|metrics)/?");
    private static final Pattern OTLP_PATH = Pattern.compile("(.*?)/v1/(traces|logs|metrics)/?");
    private static final String GRPC_SERVICE = "/opentelemetry.proto.collector.";

    /** Which of listen's ports the request came to. */
    enum Port { HTTP, GRPC, DAEMON }

    /** The ports as the app reaches them (a port is -1 when not known). */
    record Ports(int http, int grpc, int daemon) {
    }

    private Causes() {
    }

    static String of(Port port, HttpExchange exchange, Arrival.Kind kind, Ports ports, long bodyLimit) {
        String path = exchange.path();
        String host = hostOf(exchange);
        String name = nameOf(host);
        boolean grpcRequest = exchange.mediaType().startsWith("application/grpc") || path.startsWith(GRPC_SERVICE);
        if (port == Port.HTTP && grpcRequest) {
            return "a gRPC exporter is sending to the OTLP/HTTP port " + ports.http() + ": set OTEL_EXPORTER_OTLP_PROTOCOL="
                    + "http/protobuf, or point OTEL_EXPORTER_OTLP_ENDPOINT at the gRPC port, http://" + name + ":" + ports.grpc();
        }
        if (port == Port.GRPC && !grpcRequest && kind == Arrival.Kind.NOT_FOUND) {
            return "an HTTP/1.1 client (an OTLP/HTTP exporter, curl) is sending to the OTLP/gRPC port " + ports.grpc()
                    + ": point OTEL_EXPORTER_OTLP_ENDPOINT at the OTLP/HTTP port, http://" + name + ":" + ports.http()
                    + ", or set OTEL_EXPORTER_OTLP_PROTOCOL=grpc";
        }
        if (port == Port.GRPC) {
            return "";
        }
        return switch (kind) {
            case NOT_FOUND -> otlpPath(path, host).orElse("");
            case METHOD_NOT_ALLOWED -> OTLP_PATH.matcher(path).matches()
                    ? "OTLP/HTTP exports are POSTs; a " + exchange.method() + " comes from a browser, a health check or a "
                    + "hand-written request, not from an SDK's exporter" : "";
            case UNSUPPORTED_MEDIA_TYPE -> mediaType(exchange);
            case TOO_LARGE -> "the request is larger than listen's --body-limit (" + bodyLimit + " bytes): raise it, or "
                    + "export smaller batches (OTEL_BSP_MAX_EXPORT_BATCH_SIZE)";
            case TIMEOUT -> "the body stopped arriving: a stalled client or network, or a request that announced more "
                    + "bytes than it sent";
            default -> "";
        };
    }

    /** The doubled path, a misspelt signal path, a path prefix listen does not have. */
    static Optional<String> otlpPath(String path, String host) {
        Matcher doubled = DOUBLED.matcher(path);
        if (doubled.matches()) {
            String signal = doubled.group(3);
            String variable = "OTEL_EXPORTER_OTLP_" + signal.toUpperCase(Locale.ROOT) + "_ENDPOINT";
            return Optional.of("the SDK appended /v1/" + signal + " to an endpoint that already ends with /v1/" + doubled.group(2)
                    + ": OTEL_EXPORTER_OTLP_ENDPOINT is the base URL, to which the SDK appends /v1/" + signal + ", while "
                    + variable + " is used as-is. Set OTEL_EXPORTER_OTLP_ENDPOINT=http://" + host + " (no path), or put "
                    + "the whole URL http://" + host + "/v1/" + signal + " in " + variable);
        }
        Matcher prefixed = OTLP_PATH.matcher(path);
        if (prefixed.matches() && !prefixed.group(1).isEmpty()) {
            return Optional.of("the endpoint has a path (" + prefixed.group(1) + ") before /v1/" + prefixed.group(2)
                    + "; OTLP/HTTP is served at the root, here as at Honeycomb and the Collector: set "
                    + "OTEL_EXPORTER_OTLP_ENDPOINT=http://" + host);
        }
        String lower = path.toLowerCase(Locale.ROOT);
        String signal = lower.contains("trace") || lower.contains("span") ? "traces"
                : lower.contains("log") ? "logs" : lower.contains("metric") ? "metrics" : null;
        if (signal == null) {
            return Optional.empty();
        }
        String variable = "OTEL_EXPORTER_OTLP_" + signal.toUpperCase(Locale.ROOT) + "_ENDPOINT";
        return Optional.of("OTLP/HTTP exports go to /v1/traces, /v1/logs and /v1/metrics (case-sensitive), and " + path
                + " is none of them: " + variable + " is used as-is, so it must end with /v1/" + signal + "; or unset it and "
                + "set OTEL_EXPORTER_OTLP_ENDPOINT=http://" + host + ", to which the SDK appends /v1/" + signal);
    }

    private static String mediaType(HttpExchange exchange) {
        String type = exchange.mediaType();
        if (type.isEmpty()) {
            return "the request has no Content-Type: OTLP/HTTP needs application/x-protobuf or application/json "
                    + "(by hand: curl -H 'Content-Type: application/json')";
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return "curl --data sends application/x-www-form-urlencoded: add -H 'Content-Type: application/json'";
        }
        if (exchange.header("Content-Encoding").isPresent() && (type.equals("application/json")
                || type.equals("application/x-protobuf"))) {
            return "the body's Content-Encoding is not gzip or deflate: set OTEL_EXPORTER_OTLP_COMPRESSION=gzip (or none)";
        }
        return "OTLP/HTTP takes application/x-protobuf (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) or application/json "
                + "(http/json), not " + type;
    }

    /** host:port as the app addressed listen (its Host header), so the suggested URLs are ones it can reach. */
    private static String hostOf(HttpExchange exchange) {
        String host = exchange.header("Host").orElse("127.0.0.1").strip();
        return host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]_-]+") ? "127.0.0.1" : host;
    }

    /** The host of host:port ([::1]:4318 gives [::1]). */
    private static String nameOf(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }
}
