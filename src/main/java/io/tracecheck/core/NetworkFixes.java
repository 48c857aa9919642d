package io.tracecheck.core;

import io.tracecheck.core.ComposeProject.Service;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fixes of network failures, for the place the check ran in: a local port nothing listens on gets
 * the command that starts what should (the compose service that publishes it, or {@code tracecheck listen}),
 * a remote one the variable that named it, read again; a timeout, a TLS failure and a closed connection get
 * the command that shows where it fails. Every one pastes as it is (docs/problems.md).
 */
final class NetworkFixes {
    /** The conventional OTLP ports, which {@code tracecheck listen} takes by default. */
    private static final int OTLP_HTTP = 4318;
    private static final int OTLP_GRPC = 4317;

    private final Settings settings;
    private final Fixes fixes;
    private final URI target;
    private final String host;
    private final int port;

    NetworkFixes(Settings settings, URI target) {
        this.settings = settings;
        this.fixes = new Fixes(settings);
        this.target = target;
        String named = target.getHost() == null ? String.valueOf(target) : target.getHost();
        this.host = named.startsWith("[") && named.endsWith("]") ? named.substring(1, named.length() - 1) : named;
        this.port = target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    /** Nothing accepted the connection. */
    String refused() {
        Optional<String> compose = composeService();
        if (compose.isPresent()) {
            return compose.get();
        }
        if (loopback(host)) {
            return listen() + "  # tracecheck's local backends receive here; or start the server that should listen on "
                    + host + ":" + port + usualPort().orElse("");
        }
        return carrier().map(variable -> fixes.prompt(variable.name()) + "  # type the URL of the host and port that "
                        + "should receive: nothing listens on " + host + ":" + port)
                .orElse(curl(target) + "  # shows the refusal as the app meets it: the service is down, or the URL names "
                        + "the wrong host or port");
    }

    /** Something accepted the connection and closed it without an answer. */
    String closed() {
        String other = "https".equalsIgnoreCase(target.getScheme()) ? "http" : "https";
        URI switched = URI.create(other + target.toString().substring(target.getScheme().length()));
        return curl(target) + "  # prints \"Empty reply from server\" or a reset where it closes; when " + curl(switched)
                + " answers, the port speaks " + (other.equals("https") ? "TLS" : "plain HTTP") + ": set the URL's scheme "
                + "to " + other + "://";
    }

    /** No answer before the deadline. */
    String timeout() {
        return curl(target) + "  # shows where it hangs: no \"Connected to\" line means a firewall drops the connection; "
                + "a network that only lets a proxy out needs " + proxyVariable() + " set, as the app needs it";
    }

    /** The DNS lookup itself did not finish before the deadline. */
    String slowResolver() {
        return "getent hosts " + host + "  # as slow as tracecheck's lookup when the resolver in /etc/resolv.conf does not "
                + "answer; nothing printed: this shell cannot resolve " + host;
    }

    /** The TLS handshake failed: a plain-HTTP port, or a certificate this machine does not trust. */
    String tls(String failure) {
        String lower = failure.toLowerCase(Locale.ROOT);
        Optional<KnownVariable> variable = carrier();
        if (lower.contains("plaintext") || lower.contains("unrecognized ssl message") || lower.contains("unsupported or unrecognized")) {
            // a plain-HTTP port: the variable with http://, else a look at the port over plain HTTP
            Optional<String> value = variable.flatMap(settings::text);
            if (value.isPresent() && value.get().regionMatches(true, 0, "https://", 0, 8)) {
                return fixes.set(variable.get().name(), "http://" + value.get().substring(8))
                        + "  # the port speaks plain HTTP, as a local collector does";
            }
            return curl(URI.create("http" + target.toString().substring(target.getScheme().length())))
                    + "  # answers when the port speaks plain HTTP: use http:// for it";
        }
        String bundle = aws() ? "AWS_CA_BUNDLE (boto3, the AWS CLI and SDKs)"
                : "SSL_CERT_FILE (OpenSSL, gRPC), REQUESTS_CA_BUNDLE (Python's requests), NODE_EXTRA_CA_CERTS (Node)";
        return "openssl s_client -connect " + host + ":" + port + " -servername " + host
                + " </dev/null 2>/dev/null | openssl x509 -noout -issuer -subject  # names who signed the certificate "
                + "presented here; a TLS-intercepting proxy's CA is trusted by pointing " + bundle + " at its PEM file";
    }

    /** {@code curl -sv --max-time 5 URL}, the URL quoted for the shell; curl reads the same proxy variables as the app. */
    static String curl(URI url) {
        return "curl -sv --max-time 5 " + Fixes.quote(url.toString());
    }

    /**
     * "; or, for a collector on its usual port: export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318", when an
     * OTLP endpoint variable names another port than its protocol's conventional one (a typo, a remapped port).
     */
    private Optional<String> usualPort() {
        int usual = grpc() ? OTLP_GRPC : OTLP_HTTP;
        return carrier().filter(v -> v.name().startsWith("OTEL_EXPORTER_OTLP") && v.name().endsWith("ENDPOINT"))
                .filter(v -> port != usual).flatMap(v -> settings.text(v).filter(value -> value.contains(":" + port))
                        .map(value -> "; or, for a collector on its usual port: "
                                + fixes.set(v.name(), value.replaceFirst(":" + port + "(?![0-9])", ":" + usual))));
    }

    private boolean grpc() {
        return settings.text(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL)
                .or(() -> settings.text(KnownVariable.OTEL_EXPORTER_OTLP_PROTOCOL)).filter("grpc"::equalsIgnoreCase).isPresent()
                && carrier().filter(v -> v.name().startsWith("OTEL_EXPORTER_OTLP")).isPresent();
    }

    private String listen() {
        boolean grpc = grpc();
        String bind = host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") ? "" : " --host " + host;
        if (grpc) {
            return "tracecheck listen" + bind + (port == OTLP_GRPC ? "" : " --grpc-port " + port);
        }
        return "tracecheck listen" + bind + (port == OTLP_HTTP ? "" : " --http-port " + port);
    }

    /**
     * The compose service that should be listening: the host is its name (this shell resolves it, so it
     * runs inside the compose network), or a loopback address where the service publishes this port.
     */
    private Optional<String> composeService() {
        Optional<ComposeProject> project = settings.compose();
        if (project.isEmpty()) {
            return Optional.empty();
        }
        Optional<Service> service = project.get().service(host);
        if (service.isEmpty() && loopback(host)) {
            service = project.get().services().stream().filter(s -> s.ports().stream().anyMatch(p -> p.protocol().equals("tcp")
                    && p.publishedStart() <= port && port <= Math.max(p.publishedStart(), p.publishedEnd()))).findFirst();
        }
        return service.map(s -> "docker compose -f " + Fixes.quote(project.get().file()) + " up -d " + s.name()
                + "  # starts " + s.name() + ", which " + (s.answersTo(host) ? "is " + host : "publishes " + port)
                + "; docker compose -f " + Fixes.quote(project.get().file()) + " logs " + s.name()
                + " shows why it stopped");
    }

    /** The configuration variable whose value names this host and port: what the check took it from. */
    private Optional<KnownVariable> carrier() {
        List<KnownVariable> carriers = ComposeHosts.carriers(settings, host);
        return carriers.stream().filter(v -> settings.text(v).filter(value -> value.contains(":" + port)).isPresent())
                .findFirst().or(() -> carriers.stream().findFirst());
    }

    private boolean aws() {
        return host.endsWith(".amazonaws.com") || carrier().filter(v -> v.name().startsWith("AWS_")).isPresent();
    }

    private String proxyVariable() {
        return "https".equalsIgnoreCase(target.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY";
    }

    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: never looked up here
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException notAnAddress) {
            return false;
        }
    }
}
