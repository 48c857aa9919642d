package io.tracecheck.listen;

import io.tracecheck.grpc.GrpcCode;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TCP ports of the local backends: HTTP/1.1 for every REST API (chosen by path), HTTP/2
 * cleartext for OTLP/gRPC, and the X-Ray daemon's TCP proxy (sampling) on the daemon's port.
 * Bounded everywhere: threads, connections per port, header size and time, idle time, a deadline for
 * each request body, and the bytes of bodies in flight ({@link MemoryBudget}), so slowloris clients
 * hold nothing for long. Bodies are read without holding a thread while they trickle in, and
 * reserved in the budget as their bytes arrive.
 * <p>
 * Every answer is in the shape of the API the path names (its {@link Endpoint#answerError}): a body too
 * large or too slow, a full budget, a URI the server refuses, an unexpected failure.
 * <p>
 * The HTTP and gRPC ports each speak both HTTP/1.1 and h2c, so that an exporter sending the wrong
 * protocol to a port reaches the router and is shown with the cause, rather than cut off unseen.
 * Every request answered without the endpoint storing data for it becomes an arrival, announced
 * just before the answer goes out.
 */
final class HttpFrontend implements AutoCloseable {
    private static final int MAX_THREADS = 24;
    /**
     * Connections each port holds at once: one port's idle or slow clients never take the others'.
     * Past it the port stops accepting until one closes; the kernel's backlog holds the rest.
     */
    static final int HTTP_CONNECTIONS = 256;
    static final int GRPC_CONNECTIONS = 256;
    static final int DAEMON_CONNECTIONS = 64;
    /** A connection must have sent its first request's headers this soon after opening. */
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** How long a body waits for room in the in-flight budget before it is answered 429 (retry). */
    static final Duration BUDGET_WAIT = Duration.ofSeconds(5);

    /** The endpoints behind each port. */
    record Endpoints(List<Endpoint> http, List<Endpoint> grpc, List<Endpoint> daemon) {
    }

    private final Server server;
    private final Scheduler scheduler;
    private final QueuedThreadPool threads;
    private final ServerConnector http;
    private final ServerConnector grpc;
    private final ServerConnector daemon;
    private final Router router;
    /** The connections that have sent a request's headers: the others are cut at {@link #HEADER_TIMEOUT}. */
    private final Set<EndPoint> served = ConcurrentHashMap.newKeySet();

    HttpFrontend(ListenOptions options, int daemonTcpPort, Endpoints endpoints, Store store, Clock clock) {
        tellJettyTheReferenceSize();
        threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("tracecheck-listen");
        threads.setDaemon(true);
        // daemon scheduler too: an in-process listen (doctor --local, tests) must never keep a JVM alive
        scheduler = new ScheduledExecutorScheduler("tracecheck-listen-scheduler", true);
        server = new Server(threads, scheduler, null);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        config.setRequestHeaderSize(16 * 1024);
        // "//", "%2f", "#frag" and the like reach the router, which answers them in the API's own shape,
        // instead of the server's HTML error page
        config.setUriCompliance(UriCompliance.UNSAFE);

        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        h2c.setMaxConcurrentStreams(128);
        http = connector(options, options.httpPort(), new HttpConnectionFactory(config), h2c);
        grpc = connector(options, options.grpcPort(), new HttpConnectionFactory(config), h2c);
        daemon = connector(options, daemonTcpPort, new HttpConnectionFactory(config));

        server.addConnector(http);
        server.addConnector(grpc);
        server.addConnector(daemon);
        server.addBean(new NetworkConnectionLimit(HTTP_CONNECTIONS, http));
        server.addBean(new NetworkConnectionLimit(GRPC_CONNECTIONS, grpc));
        server.addBean(new NetworkConnectionLimit(DAEMON_CONNECTIONS, daemon));
        router = new Router(options.bodyLimit(), options.idleTimeout(), endpoints, store, clock);
        server.setHandler(router);
        server.setErrorHandler(new ShapedErrors());
        server.setStopTimeout(0); // stopping cuts idle keep-alive connections at once instead of waiting for them
    }

    /**
     * Jetty pads some shared arrays to a cache line and, unless told how many references fit in one,
     * asks the JVM whether it compresses them through the platform MBean server: that starts JMX and
     * registers every platform MBean (JFR's too): ~300 classes and about a third of the server's start
     * in doctor --local, for one number. It is told here the same answer: 4-byte references below the 32 GiB heap where the JVM stops
     * compressing them. A wrong guess (compression turned off by hand) changes only the padding.
     */
    private static void tellJettyTheReferenceSize() {
        String property = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(property) == null) {
            int cacheLine = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
            int referenceBytes = Runtime.getRuntime().maxMemory() < (32L << 30) ? 4 : 8;
            System.setProperty(property, Integer.toString(Math.max(1, cacheLine / referenceBytes)));
        }
    }

    private ServerConnector connector(ListenOptions options, int port, org.eclipse.jetty.server.ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost(options.host());
        connector.setPort(port);
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                EndPoint endPoint = connection.getEndPoint();
                scheduler.schedule(() -> {
                    if (!served.contains(endPoint) && endPoint.isOpen()) {
                        endPoint.close(); // headers trickling in (slowloris), or a connection that never asks
                    }
                }, HEADER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void onClosed(Connection connection) {
                EndPoint endPoint = connection.getEndPoint();
                if (!endPoint.isOpen()) {
                    served.remove(endPoint); // an upgrade to h2c closes the first connection, not the endpoint
                }
            }
        });
        return connector;
    }

    /**
     * The three listening sockets, bound before the server is built: their ports are known at once, and a
     * client that connects before {@link #start(Channels)} waits in the kernel's backlog for its answer.
     */
    record Channels(ServerSocketChannel http, ServerSocketChannel grpc, ServerSocketChannel daemon) implements AutoCloseable {
        @Override
        public void close() {
            for (ServerSocketChannel channel : new ServerSocketChannel[] {http, grpc, daemon}) {
                closeQuietly(channel);
            }
        }
    }

    /** Binds each port in turn as Jetty's connector would (address reuse, the default backlog), naming a port in use. */
    static Channels bind(ListenOptions options, int daemonTcpPort) throws PortTaken {
        ServerSocketChannel http = listening(options.host(), options.httpPort(), Causes.Port.HTTP);
        ServerSocketChannel grpc = null;
        try {
            grpc = listening(options.host(), options.grpcPort(), Causes.Port.GRPC);
            return new Channels(http, grpc, listening(options.host(), daemonTcpPort, Causes.Port.DAEMON));
        } catch (PortTaken e) {
            closeQuietly(http);
            closeQuietly(grpc);
            throw e;
        }
    }

    private static ServerSocketChannel listening(String host, int port, Causes.Port which) throws PortTaken {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new PortTaken(which, e);
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a listening socket that never served: nothing to tell
            }
        }
    }

    /** Starts serving on sockets {@link #bind} opened; the connectors own them from here on. */
    void start(Channels channels) throws Exception {
        http.open(channels.http());
        grpc.open(channels.grpc());
        daemon.open(channels.daemon());
        server.start();
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

    private Causes.Port portOf(Request request) {
        Object connector = request.getConnectionMetaData().getConnector();
        return connector == grpc ? Causes.Port.GRPC : connector == daemon ? Causes.Port.DAEMON : Causes.Port.HTTP;
    }

    /**
     * The server's own refusals (a request line or header it cannot parse, headers too large):
     * answered in the shape of the API the port and path name, never as an HTML page.
     */
    private final class ShapedErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            // what the server refuses before the router is the client's doing (a request line in an HTTP version
            // it does not speak is 505 to the server): a 4xx, as the real services answer it
            int status = response.getStatus() >= 400 && response.getStatus() < 500 ? response.getStatus() : 400;
            Object given = request.getAttribute(ERROR_MESSAGE);
            // the server's message names the rule the request broke ("Ambiguous URI path separator"), never a class
            String message = given instanceof String text && !text.isBlank() && !text.contains("Exception")
                    ? text : HttpStatus.getMessage(status);
            router.refuse(request, response, callback, status, message.toLowerCase(java.util.Locale.ROOT));
            return true;
        }
    }

    /** Chooses the endpoint by port and path; answers what no endpoint serves; makes every request an arrival. */
    private final class Router extends Handler.Abstract {
        private final long bodyLimit;
        private final Duration bodyDeadline;
        private final Endpoints endpoints;
        private final Store store;
        private final Clock clock;
        private final MemoryBudget budget;
        private final Set<String> reported = ConcurrentHashMap.newKeySet();

        Router(long bodyLimit, Duration bodyDeadline, Endpoints endpoints, Store store, Clock clock) {
            this.bodyLimit = bodyLimit;
            this.bodyDeadline = bodyDeadline;
            this.endpoints = endpoints;
            this.store = store;
            this.clock = clock;
            this.budget = store.budget();
        }

        private Endpoint choose(Causes.Port port, String path) {
            for (Endpoint endpoint : switch (port) {
                case HTTP -> endpoints.http();
                case GRPC -> endpoints.grpc();
                case DAEMON -> endpoints.daemon();
            }) {
                if (endpoint.serves(path)) {
                    return endpoint;
                }
            }
            return null;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            served.add(request.getConnectionMetaData().getConnection().getEndPoint());
            Causes.Port port = portOf(request);
            MemoryBudget.Account account = budget.open(request.getConnectionMetaData().getId());
            HttpExchange exchange = new HttpExchange(request, response, Callback.from(callback, account::close),
                    bodyLimit, bodyDeadline);
            exchange.account(account);
            Endpoint chosen;
            try {
                chosen = choose(port, exchange.path());
            } catch (RuntimeException badPath) {
                chosen = null;
            }
            Endpoint endpoint = chosen;
            exchange.announceWith(answered -> announce(port, answered, endpoint));
            if (endpoint == null) {
                try {
                    unknown(port, exchange, safePath(exchange));
                } catch (Throwable e) {
                    lastResort(exchange, null, e);
                }
                return true;
            }
            if (request.getLength() > bodyLimit) {
                dispatch(endpoint, exchange); // the endpoint refuses it by its declared size, unread
                return true;
            }
            new BodyReader(request, exchange, endpoint, account).start();
            return true;
        }

        /** An answer for a request the server refused before any endpoint saw it. */
        void refuse(Request request, Response response, Callback callback, int status, String message) {
            Causes.Port port = portOf(request);
            HttpExchange exchange = new HttpExchange(request, response, callback, bodyLimit, bodyDeadline);
            exchange.closeAfter();
            Endpoint endpoint;
            try {
                endpoint = choose(port, exchange.path());
            } catch (RuntimeException noPath) {
                endpoint = null;
            }
            Endpoint chosen = endpoint;
            exchange.announceWith(answered -> announce(port, answered, chosen));
            try {
                if (chosen != null) {
                    chosen.answerError(exchange, status, message);
                } else if (port == Causes.Port.GRPC || exchange.mediaType().startsWith("application/grpc")) {
                    GrpcStatus.answer(exchange, io.tracecheck.grpc.GrpcCode.INVALID_ARGUMENT, message);
                } else {
                    exchange.reason(message).answer(status, "text/plain; charset=utf-8", message);
                }
            } catch (Throwable e) {
                if (!exchange.answered()) {
                    callback.failed(e);
                }
            }
        }

        private String safePath(HttpExchange exchange) {
            try {
                return exchange.path();
            } catch (RuntimeException e) {
                return exchange.rawPath();
            }
        }

        /** Runs the endpoint; whatever it throws is answered in its shape. Never throws. */
        void dispatch(Endpoint endpoint, HttpExchange exchange) {
            try {
                endpoint.handle(exchange);
                if (!exchange.answered()) {
                    throw new IllegalStateException("the endpoint did not answer");
                }
            } catch (HttpExchange.BodyTooSlow e) {
                exchange.closeAfter();
                exchange.releaseBody();
                shaped(endpoint, exchange, 408, e.getMessage());
            } catch (HttpExchange.BodyTooLarge e) {
                exchange.closeAfter();
                exchange.releaseBody();
                shaped(endpoint, exchange, 413, e.getMessage());
            } catch (MemoryBudget.Exhausted e) {
                exchange.releaseBody();
                shaped(endpoint, exchange, 429, e.getMessage());
            } catch (BodyUnreadable e) {
                exchange.closeAfter();
                exchange.releaseBody();
                shaped(endpoint, exchange, 400, e.getMessage());
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                lastResort(exchange, endpoint, e);
            }
        }

        /** An unexpected failure: a neutral answer in the endpoint's shape (400 for what the input caused), reported once. */
        private void lastResort(HttpExchange exchange, Endpoint endpoint, Throwable e) {
            String where = endpoint == null ? "the router" : endpoint.getClass().getSimpleName();
            if (reported.add(where + ":" + e.getClass().getName())) {
                store.problem("listen: " + where + " failed on one request (" + e.getClass().getSimpleName()
                        + "); it answered an error and keeps serving");
            }
            boolean input = e instanceof RuntimeException || e instanceof IOException;
            shaped(endpoint, exchange, input ? 400 : 500, input
                    ? "the request could not be processed: it is not in the form this API expects"
                    : "the local backend could not process the request");
        }

        private void shaped(Endpoint endpoint, HttpExchange exchange, int status, String message) {
            if (exchange.answered()) {
                return;
            }
            try {
                if (endpoint != null) {
                    endpoint.answerError(exchange, status, message);
                }
            } catch (Throwable ignored) {
                // the shape could not be written: the plain answer below
            }
            if (!exchange.answered()) {
                try {
                    exchange.reason(message).answer(status, "text/plain; charset=utf-8", message);
                } catch (Throwable ignored) {
                    // nothing more can be said to this client
                }
            }
        }

        /**
         * Reads one body without holding a thread while it trickles in: each chunk is reserved in the
         * budget as it arrives (waiting up to {@link #BUDGET_WAIT} for room), the whole within the
         * body limit and the deadline; then the endpoint runs.
         */
        private final class BodyReader implements Runnable, org.eclipse.jetty.util.thread.Invocable {
            private final Request request;
            private final HttpExchange exchange;
            private final Endpoint endpoint;
            private final MemoryBudget.Account account;
            private final AtomicBoolean finished = new AtomicBoolean();
            private final List<byte[]> chunks = new ArrayList<>();
            private long total;
            private Content.Chunk pending;
            private long waitingSince;
            /** Cancelled once the body is in: a pending task would keep the exchange and its body alive for the deadline. */
            private volatile Scheduler.Task deadline;

            BodyReader(Request request, HttpExchange exchange, Endpoint endpoint, MemoryBudget.Account account) {
                this.request = request;
                this.exchange = exchange;
                this.endpoint = endpoint;
                this.account = account;
            }

            /**
             * The thread that handles the request while {@link #start} reads what already arrived: only
             * there may the endpoint run in place. A demand callback can run on an I/O thread while
             * start has not returned yet, so a flag set and cleared around it would let the endpoint
             * block a selector; the thread's identity cannot be mistaken.
             */
            private volatile Thread handlerThread;

            void start() {
                deadline = scheduler.schedule(() -> finish(new HttpExchange.BodyTooSlow(bodyDeadline)),
                        bodyDeadline.toMillis(), TimeUnit.MILLISECONDS);
                handlerThread = Thread.currentThread();
                try {
                    run();
                } finally {
                    handlerThread = null;
                }
            }

            /**
             * Reading a chunk never blocks, so the server may call it on its I/O thread without a hand-off;
             * the endpoint, which does block, runs on the pool once the body is in.
             */
            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }

            @Override
            public void run() {
                try {
                    read();
                } catch (Throwable e) {
                    release(pending);
                    pending = null;
                    finish(new BodyUnreadable("the body could not be read"));
                }
            }

            private void read() {
                while (!finished.get()) {
                    Content.Chunk chunk = pending != null ? pending : request.read();
                    pending = null;
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        finish(new BodyUnreadable("the body broke off or is not valid HTTP framing"));
                        return;
                    }
                    int size = chunk.remaining();
                    if (size > 0) {
                        if (total + size > bodyLimit) {
                            chunk.release();
                            finish(new HttpExchange.BodyTooLarge(-1, bodyLimit));
                            return;
                        }
                        // what is held is what was read: the copies, then the body assembled from them
                        if (!account.tryReserve(size)) {
                            long now = System.nanoTime();
                            if (waitingSince == 0) {
                                waitingSince = now;
                            }
                            if (now - waitingSince > BUDGET_WAIT.toNanos()) {
                                chunk.release();
                                finish(new MemoryBudget.Exhausted());
                                return;
                            }
                            pending = chunk; // held by the server, not copied: tried again shortly
                            scheduler.schedule(() -> execute(this), 20, TimeUnit.MILLISECONDS);
                            return;
                        }
                        waitingSince = 0;
                        byte[] copy = new byte[size];
                        chunk.getByteBuffer().get(copy);
                        chunks.add(copy);
                        total += size;
                    }
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last) {
                        byte[] body = new byte[(int) total];
                        int at = 0;
                        for (int i = 0; i < chunks.size(); i++) {
                            byte[] part = chunks.set(i, null); // each copy is garbage as soon as it is copied
                            System.arraycopy(part, 0, body, at, part.length);
                            at += part.length;
                        }
                        chunks.clear();
                        if (finished.compareAndSet(false, true)) {
                            cancelDeadline();
                            exchange.preRead(body);
                            if (Thread.currentThread() == handlerThread) {
                                dispatch(endpoint, exchange);
                            } else {
                                execute(() -> dispatch(endpoint, exchange));
                            }
                        }
                        return;
                    }
                }
            }

            private void finish(IOException failure) {
                if (!finished.compareAndSet(false, true)) {
                    return;
                }
                cancelDeadline();
                exchange.preReadFailure(failure, failure instanceof HttpExchange.BodyTooLarge ? bodyLimit + 1 : total);
                execute(() -> dispatch(endpoint, exchange));
            }

            private void cancelDeadline() {
                Scheduler.Task task = deadline;
                if (task != null) {
                    task.cancel();
                }
            }

            private void release(Content.Chunk chunk) {
                if (chunk != null) {
                    chunk.release();
                }
            }
        }

        private void execute(Runnable task) {
            Runnable guarded = () -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    // every task of listen's pool survives whatever one request does
                }
            };
            try {
                threads.execute(guarded); // queued when every thread is busy
            } catch (java.util.concurrent.RejectedExecutionException full) {
                scheduler.schedule(() -> execute(task), 20, TimeUnit.MILLISECONDS);
            }
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
                    case HTTP -> safePath(exchange).contains("/v1/") || exchange.mediaType().startsWith("application/grpc")
                            ? Source.OTLP_HTTP : Source.HTTP;
                };
                Arrival.Kind kind = exchange.kind();
                String cause = kind.refusal() && exchange.cause().isEmpty()
                        ? Causes.of(port, exchange, kind, new Causes.Ports(httpPort(), grpcPort(), daemonPort()), bodyLimit)
                        : "";
                store.record(exchange.arrival(clock.instant(), fallback, cause));
            } catch (RuntimeException | OutOfMemoryError e) {
                // a line the view cannot have must not keep the answer from the app
            }
        }
    }

    /** A body that broke off or whose framing is invalid (a bad chunk size, shorter than its Content-Length). */
    static final class BodyUnreadable extends IOException {
        private static final long serialVersionUID = 1L;

        BodyUnreadable(String message) {
            super(message);
        }
    }
}
