package io.tracecheck.listen;

import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.aws.AwsRootEndpoint;
import io.tracecheck.listen.aws.SigV4Verifier;
import io.tracecheck.listen.aws.XrayApiEndpoint;
import io.tracecheck.listen.honeycomb.AuthEndpoint;
import io.tracecheck.listen.honeycomb.HoneycombGate;
import io.tracecheck.listen.honeycomb.QueryEndpoint;
import io.tracecheck.listen.honeycomb.TraceEndpoint;
import io.tracecheck.listen.otlp.OtlpGrpcEndpoint;
import io.tracecheck.listen.rollbar.ItemEndpoint;
import io.tracecheck.listen.otlp.OtlpHttpEndpoint;
import io.tracecheck.listen.xray.DaemonReceiver;

import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.util.List;

/**
 * The local backends, in process: OTLP over HTTP and gRPC, the X-Ray daemon's UDP port, and one
 * store behind them. {@code tracecheck listen}, {@code doctor --local} and the test suite all start
 * them through here.
 */
public final class LocalBackends implements AutoCloseable {
    private final ListenOptions options;
    private final Store store;
    private final HttpFrontend http;
    private final DaemonReceiver daemon;

    private LocalBackends(ListenOptions options, Store store, HttpFrontend http, DaemonReceiver daemon) {
        this.options = options;
        this.store = store;
        this.http = http;
        this.daemon = daemon;
    }

    /** Binds every port; a port in use throws {@link PortInUse} naming it and the flag that moves it. */
    public static LocalBackends start(ListenOptions options, Clock clock) throws PortInUse, IOException {
        return start(options, clock, new Store(options.maxItems()));
    }

    /**
     * Starts with a store the caller made, so listeners (the live view, the JSONL file) are in place
     * before the first port accepts anything.
     */
    public static LocalBackends start(ListenOptions options, Clock clock, Store store) throws PortInUse, IOException {
        SigV4Verifier aws = new SigV4Verifier(AcceptedCredentials.defaults(), clock);
        HoneycombGate honeycomb = new HoneycombGate(options.honeycombKeys(), options.requireHoneycombAuth());
        HttpFrontend http = new HttpFrontend(options,
                List.of(new OtlpHttpEndpoint(store, clock, honeycomb), new AuthEndpoint(honeycomb),
                        new QueryEndpoint(honeycomb, store, clock), new TraceEndpoint(store),
                        new ItemEndpoint(options.rollbarTokens(), store, clock),
                        new AwsRootEndpoint(aws, store, clock), new XrayApiEndpoint(aws, store, clock)),
                List.of(new OtlpGrpcEndpoint(store, clock, honeycomb)));
        try {
            http.start();
        } catch (Exception e) {
            closeQuietly(http);
            if (isBindFailure(e)) {
                throw PortInUse.of(options, e.getMessage());
            }
            throw new IOException("cannot start the local backends: " + e.getMessage(), e);
        }
        DaemonReceiver daemon;
        try {
            daemon = new DaemonReceiver(options.host(), options.udpPort(), store, clock);
        } catch (IOException e) {
            closeQuietly(http);
            throw new PortInUse("UDP " + options.host() + ":" + options.udpPort(), "X-Ray daemon", "--udp-port");
        }
        return new LocalBackends(options, store, http, daemon);
    }

    private static boolean isBindFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already failing; the first error is the one to report
        }
    }

    public ListenOptions options() {
        return options;
    }

    public Store store() {
        return store;
    }

    public String host() {
        return options.host();
    }

    public int httpPort() {
        return http.httpPort();
    }

    public int grpcPort() {
        return http.grpcPort();
    }

    public int udpPort() {
        return daemon.port();
    }

    /** {@code http://127.0.0.1:4318}: the base URL of every HTTP API. */
    public String httpBaseUrl() {
        return "http://" + hostForUrl() + ":" + httpPort();
    }

    public String grpcUrl() {
        return "http://" + hostForUrl() + ":" + grpcPort();
    }

    private String hostForUrl() {
        return options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    }

    @Override
    public void close() {
        closeQuietly(daemon);
        closeQuietly(http);
    }

    /** A port that could not be bound: which one, for what, and the flag to choose another. */
    public static final class PortInUse extends Exception {
        private static final long serialVersionUID = 1L;

        PortInUse(String address, String what, String flag) {
            super("cannot listen on " + address + " for " + what + ": the address is already in use; stop what "
                    + "holds it or choose another port with " + flag + " (0 picks a free one)");
        }

        static PortInUse of(ListenOptions options, String detail) {
            boolean grpc = detail != null && detail.contains(":" + options.grpcPort()) && options.grpcPort() != 0;
            return grpc
                    ? new PortInUse("TCP " + options.host() + ":" + options.grpcPort(), "OTLP/gRPC", "--grpc-port")
                    : new PortInUse("TCP " + options.host() + ":" + options.httpPort(), "OTLP/HTTP and the APIs", "--http-port");
        }
    }
}
