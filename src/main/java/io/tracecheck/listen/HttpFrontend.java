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

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The two TCP ports of the local backends: HTTP/1.1 for every REST API (chosen by path) and
 * HTTP/2 cleartext for OTLP/gRPC. Bounded everywhere: threads, connections, header size, idle
 * time, and a deadline for each request body, so slowloris clients hold nothing for long.
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

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector grpc;

    HttpFrontend(ListenOptions options, List<Endpoint> httpEndpoints, List<Endpoint> grpcEndpoints) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("tracecheck-listen");
        threads.setDaemon(true);
        // daemon scheduler too: an in-process listen (doctor --local, tests) must never keep a JVM alive
        server = new Server(threads, new ScheduledExecutorScheduler("tracecheck-listen-scheduler", true), null);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        config.setRequestHeaderSize(16 * 1024);

        http = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        http.setHost(options.host());
        http.setPort(options.httpPort());
        http.setIdleTimeout(options.idleTimeout().toMillis());

        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        h2c.setMaxConcurrentStreams(128);
        grpc = new ServerConnector(server, 1, 1, h2c);
        grpc.setHost(options.host());
        grpc.setPort(options.grpcPort());
        grpc.setIdleTimeout(options.idleTimeout().toMillis());

        server.addConnector(http);
        server.addConnector(grpc);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, http, grpc));
        server.setHandler(new Router(options.bodyLimit(), options.idleTimeout(), httpEndpoints, grpcEndpoints));
        server.setStopTimeout(0); // stopping cuts idle keep-alive connections at once instead of waiting for them
    }

    void start() throws Exception {
        server.start();
    }

    int httpPort() {
        return http.getLocalPort();
    }

    int grpcPort() {
        return grpc.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Chooses the endpoint by port and path; 404 when none serves the path. */
    private final class Router extends Handler.Abstract {
        private final long bodyLimit;
        private final java.time.Duration bodyDeadline;
        private final List<Endpoint> httpEndpoints;
        private final List<Endpoint> grpcEndpoints;
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT_KIB, true);

        Router(long bodyLimit, java.time.Duration bodyDeadline, List<Endpoint> httpEndpoints, List<Endpoint> grpcEndpoints) {
            this.bodyLimit = bodyLimit;
            this.bodyDeadline = bodyDeadline;
            this.httpEndpoints = httpEndpoints;
            this.grpcEndpoints = grpcEndpoints;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            boolean onGrpcPort = request.getConnectionMetaData().getConnector() == grpc;
            HttpExchange exchange = new HttpExchange(request, response, callback, bodyLimit, bodyDeadline);
            String path = exchange.path();
            try {
                for (Endpoint endpoint : onGrpcPort ? grpcEndpoints : httpEndpoints) {
                    if (endpoint.serves(path)) {
                        long size = request.getLength() >= 0 ? request.getLength() : bodyLimit;
                        int permits = (int) Math.min(IN_FLIGHT_KIB, Math.max(1, (size + 1023) / 1024));
                        inFlight.acquire(permits);
                        try {
                            endpoint.handle(exchange);
                        } finally {
                            inFlight.release(permits);
                        }
                        return true;
                    }
                }
                if (onGrpcPort) {
                    GrpcStatus.answer(exchange, GrpcCode.UNIMPLEMENTED, "unknown service or method " + path);
                } else {
                    exchange.answer(404, "text/plain; charset=utf-8", "404 page not found: no local backend serves " + path);
                }
            } catch (HttpExchange.BodyTooSlow e) {
                if (!exchange.answered()) {
                    exchange.answer(408, "text/plain; charset=utf-8", e.getMessage().getBytes(StandardCharsets.UTF_8),
                            java.util.Map.of("Connection", "close"), null);
                }
            } catch (Exception e) {
                if (!exchange.answered()) {
                    exchange.answer(500, "text/plain; charset=utf-8",
                            ("internal error in tracecheck listen: " + e.getClass().getSimpleName())
                                    .getBytes(StandardCharsets.UTF_8));
                }
            }
            return true;
        }
    }
}
