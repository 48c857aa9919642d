package io.tracecheck.listen;

import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.aws.AwsRootEndpoint;
import io.tracecheck.listen.aws.SigV4Verifier;
import io.tracecheck.listen.aws.TraceSegmentDestination;
import io.tracecheck.listen.aws.XrayApiEndpoint;
import io.tracecheck.listen.aws.XrayOtlpEndpoint;
import io.tracecheck.listen.honeycomb.AuthEndpoint;
import io.tracecheck.listen.honeycomb.HoneycombGate;
import io.tracecheck.listen.honeycomb.QueryEndpoint;
import io.tracecheck.listen.otlp.OtlpGrpcEndpoint;
import io.tracecheck.listen.rollbar.ItemEndpoint;
import io.tracecheck.listen.otlp.OtlpHttpEndpoint;
import io.tracecheck.listen.pages.IndexPage;
import io.tracecheck.listen.pages.Refusals;
import io.tracecheck.listen.pages.TracePage;
import io.tracecheck.listen.xray.DaemonReceiver;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The local backends, in process: OTLP over HTTP and gRPC, the X-Ray daemon's UDP port and its TCP
 * proxy for sampling, and one store behind them. {@code tracecheck listen}, {@code doctor --local} and the test suite all start
 * them through here.
 */
public final class LocalBackends implements AutoCloseable {
    /** Rejected arrivals the index page lists: the latest few are what a person looks for. */
    private static final int REFUSALS_SHOWN = 50;
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
        return bind(options, clock, store).serve();
    }

    /**
     * Binds every port and serves nothing yet ({@code doctor --local}): the ports are known at once, so
     * the checks can be set up and started while {@link Bound#serve} builds and starts the server on
     * another thread. A client that connects before then waits in the kernel's backlog, and datagrams
     * to the daemon's port are received and stored from the start.
     */
    public static Bound bind(ListenOptions options, Clock clock) throws PortInUse, IOException {
        return bind(options, clock, new Store(options.maxItems()));
    }

    /** The same with a store the caller made (see {@link #start(ListenOptions, Clock, Store)}). */
    public static Bound bind(ListenOptions options, Clock clock, Store store) throws PortInUse, IOException {
        // the index page's rejected arrivals: fed from the store, once, whatever the tries below
        Refusals refusals = new Refusals(REFUSALS_SHOWN);
        store.onArrival(refusals);
        // The daemon's TCP proxy shares the UDP port's number, as the real daemon's does: with
        // --udp-port 0 the number the UDP port got may be taken for TCP, so a few tries pick another.
        for (int attempt = 1; ; attempt++) {
            DaemonReceiver daemon = daemon(options, store, clock);
            int daemonPort = daemon.port();
            try {
                return new Bound(options, clock, store, refusals, daemon, HttpFrontend.bind(options, daemonPort));
            } catch (HttpFrontend.PortTaken e) {
                closeQuietly(daemon);
                if (retry(e, options, attempt)) {
                    continue;
                }
                throw portInUse(e, options, daemonPort);
            }
        }
    }

    /** The ports of {@link #bind}, nothing served on the TCP ones yet. */
    public static final class Bound implements AutoCloseable {
        private final ListenOptions options;
        private final Clock clock;
        private final Store store;
        private final Refusals refusals;
        private final DaemonReceiver daemon;
        private final HttpFrontend.Channels channels;

        private Bound(ListenOptions options, Clock clock, Store store, Refusals refusals, DaemonReceiver daemon,
                      HttpFrontend.Channels channels) {
            this.options = options;
            this.clock = clock;
            this.store = store;
            this.refusals = refusals;
            this.daemon = daemon;
            this.channels = channels;
        }

        public ListenOptions options() {
            return options;
        }

        public String host() {
            return options.host();
        }

        public int httpPort() {
            return channels.http().socket().getLocalPort();
        }

        public int udpPort() {
            return daemon.port();
        }

        /**
         * Builds the server on the bound ports and starts it: the same backends {@link #start} gives.
         * When it fails, every port is closed, so that a client waiting in a backlog is refused at once.
         */
        public LocalBackends serve() throws IOException {
            HttpFrontend http = null;
            try {
                http = frontend(options, daemon.port(), store, clock, refusals);
                http.start(channels);
                return new LocalBackends(options, store, http, daemon);
            } catch (Exception e) {
                if (http != null) {
                    closeQuietly(http);
                }
                close();
                throw new IOException("cannot start the local backends: " + e.getMessage(), e);
            }
        }

        /** Closes the ports when {@link #serve} never ran (closing twice is harmless). */
        @Override
        public void close() {
            channels.close();
            closeQuietly(daemon);
        }
    }

    private static DaemonReceiver daemon(ListenOptions options, Store store, Clock clock) throws PortInUse {
        try {
            return new DaemonReceiver(options.host(), options.udpPort(), store, clock);
        } catch (IOException e) {
            throw new PortInUse("UDP " + options.host() + ":" + options.udpPort(), "the X-Ray daemon", "--udp-port");
        }
    }

    private static boolean retry(HttpFrontend.PortTaken e, ListenOptions options, int attempt) {
        return e.port() == Causes.Port.DAEMON && options.udpPort() == 0 && attempt < 5;
    }

    private static PortInUse portInUse(HttpFrontend.PortTaken e, ListenOptions options, int daemonPort) {
        return switch (e.port()) {
            case HTTP -> new PortInUse("TCP " + options.host() + ":" + options.httpPort(), "OTLP/HTTP and the APIs",
                    "--http-port");
            case GRPC -> new PortInUse("TCP " + options.host() + ":" + options.grpcPort(), "OTLP/gRPC", "--grpc-port");
            case DAEMON -> new PortInUse("TCP " + options.host() + ":" + daemonPort,
                    "the X-Ray daemon's TCP proxy (sampling rules; same number as its UDP port)", "--udp-port");
        };
    }

    private static HttpFrontend frontend(ListenOptions options, int daemonPort, Store store, Clock clock, Refusals refusals) {
        SigV4Verifier aws = new SigV4Verifier(AcceptedCredentials.defaults(), clock);
        HoneycombGate honeycomb = new HoneycombGate(options.honeycombKeys(), options.requireHoneycombAuth());
        // Transaction Search on: listen shows the setup AWS recommends, where the OTLP traces endpoint takes spans
        TraceSegmentDestination destination = new TraceSegmentDestination(TraceSegmentDestination.CLOUDWATCH_LOGS);
        XrayApiEndpoint xray = new XrayApiEndpoint(aws, store, clock, daemonPort, destination);
        AwsRootEndpoint root = new AwsRootEndpoint(aws, store, clock);
        StoredTraces traces = new StoredTraces(store);
        // GET / is the index page; the AWS APIs' POST / goes on to them
        IndexPage index = new IndexPage(traces, refusals, store, root);
        return new HttpFrontend(options, daemonPort, new HttpFrontend.Endpoints(
                List.of(new XrayOtlpEndpoint(new OtlpHttpEndpoint(store, clock, honeycomb), aws, destination, root, store, clock),
                        new AuthEndpoint(honeycomb),
                        new QueryEndpoint(honeycomb, store, clock), new TracePage(traces),
                        new ItemEndpoint(options.rollbarTokens(), store, clock),
                        index, xray),
                List.of(new OtlpGrpcEndpoint(store, clock, honeycomb)),
                List.of(xray.throughDaemon())), store, clock);
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

    /** The X-Ray daemon's port: UDP for segments, TCP (the same number) for sampling rules. */
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

    }
}
