package io.tracecheck.listen;

import io.tracecheck.grpc.GrpcCode;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The TCP ports of the local backends: HTTP/1.1 for every REST API (chosen by path), HTTP/2
 * cleartext for OTLP/gRPC, and the X-Ray daemon's TCP proxy (sampling) on the daemon's port.
 * Bounded everywhere: threads, connections, header size, idle time, and a deadline for each request
 * body, so slowloris clients hold nothing for long.
 * <p>
 * The HTTP and gRPC ports each speak both HTTP/1.1 and h2c, so that an exporter sending the wrong
 * protocol to a port reaches the router and is shown with the cause, rather than cut off unseen.
 * Every request answered without the endpoint storing data for it becomes an arrival, announced
 * just before the answer goes out.
 */
final class HttpFrontend implements AutoCloseable {
    private static final int MAX_THREADS = 24;
    private static final int MAX_CONNECTIONS = 512;
    /**
     * Request bytes being read and decoded at once, in KiB: bounds the memory requests can take
     * whatever the senders do. A request counts by its Content-Length (by the body limit when it
     * sends none); one larger than the budget takes all of it and runs alone.
     */
    private static final int IN_FLIGHT_KIB = 32 * 1024;

    /** The endpoints behind each port. */
    record Endpoints(List<Endpoint> http, List<Endpoint> grpc, List<Endpoint> daemon) {
    }

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector grpc;
    private final ServerConnector daemon;

    HttpFrontend(ListenOptions options, int daemonTcpPort, Endpoints endpoints, Store store, Clock clock) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("tracecheck-listen");
        threads.setDaemon(true);
        // daemon scheduler too: an in-process listen (doctor --local, tests) must never keep a JVM alive
        server = new Server(threads, new ScheduledExecutorScheduler("tracecheck-listen-scheduler", true), null);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        config.setRequestHeaderSize(16 * 1024);

        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        h2c.setMaxConcurrentStreams(128);
        http = connector(options, options.httpPort(), new HttpConnectionFactory(config), h2c);
        grpc = connector(options, options.grpcPort(), new HttpConnectionFactory(config), h2c);
        daemon = connector(options, daemonTcpPort, new HttpConnectionFactory(config));

        server.addConnector(http);
        server.addConnector(grpc);
        server.addConnector(daemon);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, http, grpc, daemon));
        server.setHandler(new Router(options.bodyLimit(), options.idleTimeout(), endpoints, store, clock));
        server.setStopTimeout(0); // stopping cuts idle keep-alive connections at once instead of waiting for them
    }

    private ServerConnector connector(ListenOptions options, int port, org.eclipse.jetty.server.ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost(options.host());
        connector.setPort(port);
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        return connector;
    }

    /** Binds each port in turn, so a port in use is named exactly, then starts serving. */
    void start() throws Exception {
        bind(http, Causes.Port.HTTP);
        bind(grpc, Causes.Port.GRPC);
        bind(daemon, Causes.Port.DAEMON);
        server.start();
    }

    private static void bind(ServerConnector connector, Causes.Port port) throws PortTaken {
        try {
            connector.open();
        } catch (IOException e) {
            throw new PortTaken(port, e);
        }
    }

    int httpPort() {
        return http.getLocalPort();
    }

    int grpcPort() {
        return grpc.getLocalPort();
    }

    int daemonPort() {
        return daemon.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        for (ServerConnector connector : List.of(http, grpc, daemon)) {
            connector.close(); // bound but never started when another port failed
        }
    }

    /** A port that could not be bound, and which of them. */
    static final class PortTaken extends IOException {
        private static final long serialVersionUID = 1L;
        private final Causes.Port port;

        PortTaken(Causes.Port port, IOException cause) {
            super(cause.getMessage(), cause);
            this.port = port;
        }

        Causes.Port port() {
            return port;
        }
    }

    /** Chooses the endpoint by port and path; answers what no endpoint serves; makes every request an arrival. */
    private final class Router extends Handler.Abstract {
        private final long bodyLimit;
        private final Duration bodyDeadline;
        private final Endpoints endpoints;
        private final Store store;
        private final Clock clock;
        private final Semaphore inFlight = new Semaphore(IN_FLIGHT_KIB, true);

        Router(long bodyLimit, Duration bodyDeadline, Endpoints endpoints, Store store, Clock clock) {
            this.bodyLimit = bodyLimit;
            this.bodyDeadline = bodyDeadline;
            this.endpoints = endpoints;
            this.store = store;
            this.clock = clock;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object connector = request.getConnectionMetaData().getConnector();
            Causes.Port port = connector == grpc ? Causes.Port.GRPC : connector == daemon ? Causes.Port.DAEMON : Causes.Port.HTTP;
            HttpExchange exchange = new HttpExchange(request, response, callback, bodyLimit, bodyDeadline);
            String path = exchange.path();
            Endpoint[] chosen = {null};
            exchange.announceWith(answered -> announce(port, answered, chosen[0]));
            try {
                for (Endpoint endpoint : switch (port) {
                    case HTTP -> endpoints.http();
                    case GRPC -> endpoints.grpc();
                    case DAEMON -> endpoints.daemon();
                }) {
                    if (endpoint.serves(path)) {
                        chosen[0] = endpoint;
                        long size = request.getLength() >= 0 ? request.getLength() : bodyLimit;
                        int permits = (int) Math.min(IN_FLIGHT_KIB, Math.max(1, (size + 1023) / 1024));
                        inFlight.acquire(permits);
                        try {
                            endpoint.handle(exchange);
                        } finally {
                            inFlight.release(permits);
                        }
                        break;
                    }
                }
                if (chosen[0] == null) {
                    unknown(port, exchange, path);
                }
            } catch (HttpExchange.BodyTooSlow e) {
                if (!exchange.answered()) {
                    exchange.reason(e.getMessage()).answer(408, "text/plain; charset=utf-8",
                            e.getMessage().getBytes(StandardCharsets.UTF_8), Map.of("Connection", "close"), null);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (!exchange.answered()) {
                    String message = "internal error in tracecheck listen: " + e.getClass().getSimpleName();
                    exchange.reason(message).answer(500, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
                }
            }
            return true;
        }

        /** A path no endpoint of this port serves: a gRPC status for gRPC clients, a 404 for the others. */
        private void unknown(Causes.Port port, HttpExchange exchange, String path) {
            boolean grpcClient = exchange.mediaType().startsWith("application/grpc");
            if (grpcClient) {
                String message = port == Causes.Port.HTTP
                        ? "this is listen's OTLP/HTTP port; OTLP/gRPC is served on port " + grpcPort()
                        : "unknown service or method " + path;
                exchange.reason(message);
                GrpcStatus.answer(exchange, GrpcCode.UNIMPLEMENTED, message);
                return;
            }
            String message = port == Causes.Port.GRPC
                    ? "this is listen's OTLP/gRPC port (HTTP/2, application/grpc); OTLP/HTTP is served on port " + httpPort()
                    : "no local backend serves this path";
            exchange.reason(message).answer(404, "text/plain; charset=utf-8", "404 page not found: "
                    + (port == Causes.Port.GRPC ? message : "no local backend serves " + path));
        }

        /** The request as an arrival, just before its answer goes out (the endpoint stored no data for it). */
        private void announce(Causes.Port port, HttpExchange exchange, Endpoint chosen) {
            try {
                Source fallback = chosen != null ? chosen.source() : switch (port) {
                    case GRPC -> Source.OTLP_GRPC;
                    case DAEMON -> Source.XRAY_TCP;
                    case HTTP -> exchange.path().contains("/v1/") || exchange.mediaType().startsWith("application/grpc")
                            ? Source.OTLP_HTTP : Source.HTTP;
                };
                Arrival.Kind kind = exchange.kind();
                String cause = kind.refusal() && exchange.cause().isEmpty()
                        ? Causes.of(port, exchange, kind, new Causes.Ports(httpPort(), grpcPort(), daemonPort()), bodyLimit)
                        : "";
                store.record(exchange.arrival(clock.instant(), fallback, cause));
            } catch (RuntimeException e) {
                // a line the view cannot have must not keep the answer from the app
            }
        }
    }
}
