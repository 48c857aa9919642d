package io.tracecheck.http;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one HTTP client for tracecheck's own calls (Honeycomb's API, the OTLP probe, Rollbar's
 * read-back): HTTP/1.1 on a socket, and HTTP/2 for gRPC, with prior knowledge on http:// (h2c, as
 * collectors on 4317 speak it) and ALPN on https://, keeping the answer's trailers. Every call
 * ends by the deadline it is given when it starts (a check's: what remains of its --timeout), read
 * on the clock it is given; nothing is retried, no redirect is followed, bodies are cut at
 * {@link #MAX_BODY}. Nothing is set up before the first call and TLS only for https:// URLs,
 * because startup is most of a check's time (docs/decisions.md).
 */
public final class HttpCalls implements AutoCloseable {
    public static final int MAX_BODY = 1 << 20;
    private static final int MAX_HEAD = 64 * 1024;
    /** A kept-alive connection is reused only this soon after its last answer: servers drop idle ones (Node after 5 s). */
    private static final Duration REUSE = Duration.ofSeconds(2);
    private static final String USER_AGENT = "tracecheck";

    private final Clock clock;
    private final Supplier<Instant> deadline;
    private final Consumer<String> verbose;
    private final Map<String, Connection> idle = new HashMap<>();
    private final Proxies proxies;
    private final Resolver resolver;

    /** Looks up a host's addresses: the system's resolver, or a test's. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws IOException;
    }

    /**
     * Calls that each end by {@code deadline}, asked as the call starts (a check passes its own, so
     * that every call gets only what is left of it), from connecting to the last byte of the answer.
     */
    public HttpCalls(Clock clock, Supplier<Instant> deadline, Consumer<String> verbose) {
        this(clock, deadline, verbose, Proxies.none());
    }

    /**
     * The same, going through {@code proxies} as the app's calls would: absolute-form for http://,
     * CONNECT for https:// and gRPC.
     */
    public HttpCalls(Clock clock, Supplier<Instant> deadline, Consumer<String> verbose, Proxies proxies) {
        this(clock, deadline, verbose, proxies, InetAddress::getAllByName);
    }

    private HttpCalls(Clock clock, Supplier<Instant> deadline, Consumer<String> verbose, Proxies proxies, Resolver resolver) {
        this.clock = clock;
        this.deadline = deadline;
        this.verbose = verbose;
        this.proxies = proxies;
        this.resolver = resolver;
    }

    /** The same calls, looking hosts up with {@code resolver} (a test's slow or failing one). */
    public HttpCalls withResolver(Resolver resolver) {
        return new HttpCalls(clock, deadline, verbose, proxies, resolver);
    }

    /** Calls that each have {@code timeout} of their own, for commands that are not a check's steps. */
    public HttpCalls(Clock clock, Duration timeout, Consumer<String> verbose) {
        this(clock, timeout, verbose, Proxies.none());
    }

    /** Calls that each have {@code timeout} of their own, through {@code proxies}. */
    public HttpCalls(Clock clock, Duration timeout, Consumer<String> verbose, Proxies proxies) {
        this(clock, () -> clock.instant().plus(timeout), verbose, proxies);
    }

    public HttpAnswer get(URI url, Map<String, String> headers) throws IOException {
        return http1("GET", url, headers, null, null);
    }

    public HttpAnswer post(URI url, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        return http1("POST", url, headers, contentType, body);
    }

    /** Any method (OPTIONS for a CORS preflight, PUT, DELETE…), with a body or none. */
    public HttpAnswer send(String method, URI url, Map<String, String> headers, String contentType, byte[] body)
            throws IOException {
        return http1(method, url, headers, contentType, body);
    }

    /**
     * A gRPC unary call: {@code framed} is the length-prefixed message; the answer holds the
     * headers and trailers together (a trailers-only error has its grpc-status in the headers).
     * A TLS server that does not offer h2 gets the call over HTTP/1.1, so its answer is reported.
     */
    public HttpAnswer grpc(URI url, Map<String, String> headers, byte[] framed) throws IOException {
        Instant start = clock.instant();
        Optional<Proxies.Proxy> proxy = proxies.forUrl(url);
        verbose.accept("→ POST " + url + " " + headers.keySet() + proxy.map(p -> " via proxy " + p).orElse(""));
        try (Connection connection = Connection.open(url, new Limit(clock, deadline.get()), true, proxy, resolver)) {
            HttpAnswer answer;
            if (connection.protocol.startsWith("h2")) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("content-type", "application/grpc");
                fields.put("te", "trailers");
                fields.put("user-agent", USER_AGENT);
                headers.forEach((name, value) -> fields.put(name.toLowerCase(Locale.ROOT), value));
                fields.remove("host");
                answer = Http2Call.unary(connection.in, connection.out, url.getScheme().toLowerCase(Locale.ROOT),
                        authority(url), target(url), fields, framed, MAX_BODY);
            } else {
                Map<String, String> all = new LinkedHashMap<>(headers);
                all.put("TE", "trailers");
                connection.write("POST", url, all, "application/grpc", framed);
                answer = connection.read("POST").answer();
            }
            log(answer, connection.protocol, start);
            return proxy.map(p -> answer.through(p, false)).orElse(answer);
        } catch (TunnelRefused refused) {
            log(refused.answer, "HTTP/1.1 (the proxy's)", start);
            return refused.answer;
        }
    }

    private HttpAnswer http1(String method, URI url, Map<String, String> headers, String contentType, byte[] body)
            throws IOException {
        Instant start = clock.instant();
        Optional<Proxies.Proxy> proxy = proxies.forUrl(url);
        verbose.accept("→ " + method + " " + url + " " + headers.keySet() + proxy.map(p -> " via proxy " + p).orElse(""));
        String origin = origin(url);
        Limit limit = new Limit(clock, deadline.get());
        Connection connection = reuse(origin, start);
        if (connection == null) {
            try {
                connection = Connection.open(url, limit, false, proxy, resolver);
            } catch (TunnelRefused refused) {
                log(refused.answer, "HTTP/1.1 (the proxy's)", start);
                return refused.answer;
            }
        } else {
            connection.input.limit = limit;
        }
        boolean keep = false;
        try {
            connection.write(method, url, headers, contentType, body);
            Answer read = connection.read(method);
            keep = read.reusable();
            log(read.answer(), connection.protocol, start);
            return proxy.map(p -> read.answer().through(p, false)).orElse(read.answer());
        } finally {
            if (keep) {
                park(origin, connection);
            } else {
                connection.close();
            }
        }
    }

    private void log(HttpAnswer answer, String protocol, Instant start) {
        verbose.accept("← " + answer.status() + " " + protocol + " (" + answer.body().length + " bytes, "
                + Duration.between(start, clock.instant()).toMillis() + " ms)");
    }

    private synchronized Connection reuse(String origin, Instant now) {
        Connection parked = idle.remove(origin);
        if (parked != null && now.isBefore(parked.idleSince.plus(REUSE)) && parked.open()) {
            return parked;
        }
        if (parked != null) {
            parked.close();
        }
        return null;
    }

    private synchronized void park(String origin, Connection connection) {
        connection.idleSince = clock.instant();
        Connection previous = idle.put(origin, connection);
        if (previous != null) {
            previous.close();
        }
    }

    /** Closes the kept-alive connections. */
    @Override
    public synchronized void close() {
        idle.values().forEach(Connection::close);
        idle.clear();
    }

    private static String origin(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + host(url) + ":" + port(url);
    }

    private static String host(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean tls(URI url) {
        return "https".equalsIgnoreCase(url.getScheme());
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : tls(url) ? 443 : 80;
    }

    /** The Host header's value (and HTTP/2's :authority): the host, and the port when the URL names one. */
    private static String authority(URI url) {
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    private static String target(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /**
     * {@code host}'s address, looked up within what is left of the call's time: the system resolver blocks
     * for as long as a silent DNS server lets it, so the lookup runs on a worker the call stops waiting for.
     * Its timeout says "DNS lookup of", which is how a slow resolver is told from a slow server.
     */
    static InetSocketAddress address(Resolver resolver, String host, int port, Limit limit) throws IOException {
        if (host.matches("[0-9.]+") || host.indexOf(':') >= 0) {
            return new InetSocketAddress(InetAddress.getByName(host), port); // a literal address: nothing to look up
        }
        int left = limit.millisLeft();
        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> resolver.resolve(host));
        Thread worker = new Thread(lookup, "tracecheck-dns");
        worker.setDaemon(true);
        worker.start();
        try {
            InetAddress[] found = lookup.get(left, TimeUnit.MILLISECONDS);
            if (found == null || found.length == 0) {
                throw new UnknownHostException(host);
            }
            return new InetSocketAddress(found[0], port);
        } catch (TimeoutException slow) {
            lookup.cancel(true);
            throw new SocketTimeoutException("DNS lookup of " + host + " did not finish");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("DNS lookup of " + host + " failed", failed.getCause());
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            lookup.cancel(true);
            throw new java.io.InterruptedIOException("interrupted during the DNS lookup of " + host);
        }
    }

    /** The instant a call must end by, on the clock the calls read. */
    record Limit(Clock clock, Instant deadline) {
        /** Milliseconds left, at least 1 (0 would mean no limit to a socket); none left is a timeout. */
        int millisLeft() throws SocketTimeoutException {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("timeout");
            }
            return (int) Math.min(Integer.MAX_VALUE, left);
        }
    }

    private record Answer(HttpAnswer answer, boolean reusable) {
    }

    /** The proxy answered CONNECT with something other than 2xx: that answer is the call's. */
    private static final class TunnelRefused extends IOException {
        private final transient HttpAnswer answer;

        TunnelRefused(HttpAnswer answer) {
            super("the proxy answered CONNECT with " + answer.status(), null);
            this.answer = answer;
        }
    }

    /** A socket, plain or TLS, whose every read is bounded by the call's deadline. */
    private static final class Connection implements Closeable {
        private final Socket socket;
        private final DeadlineInput input;
        private final InputStream in;
        private final OutputStream out;
        private final String protocol;
        /** The proxy this connection forwards plain HTTP through (absolute-form requests); null when direct or tunnelled. */
        private final Proxies.Proxy forward;
        private Instant idleSince;

        private Connection(Socket socket, Limit limit, String protocol, Proxies.Proxy forward) throws IOException {
            this.socket = socket;
            this.input = new DeadlineInput(socket, limit);
            this.in = new BufferedInputStream(input, 16 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            this.protocol = protocol;
            this.forward = forward;
        }

        /**
         * Direct, or through the proxy: plain HTTP/1.1 is forwarded in absolute form, while TLS and
         * h2c (gRPC) go through a CONNECT tunnel, as gRPC clients and requests do. A proxy that will
         * not open the tunnel answers for the call ({@link TunnelRefused}).
         */
        static Connection open(URI url, Limit limit, boolean h2, Optional<Proxies.Proxy> proxy, Resolver resolver)
                throws IOException {
            String host = host(url);
            int port = port(url);
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                if (proxy.isPresent()) {
                    limit.millisLeft(); // no time left is the check's timeout, not the proxy's fault
                    try {
                        plain.connect(address(resolver, proxy.get().host(), proxy.get().port(), limit), limit.millisLeft());
                    } catch (IOException unreachable) {
                        throw new ProxyUnreachable(proxy.get(), unreachable);
                    }
                    if (!tls(url) && !h2) {
                        return new Connection(plain, limit, "HTTP/1.1", proxy.get());
                    }
                    new Connection(plain, limit, "HTTP/1.1", null).tunnel(host, port, proxy.get());
                } else {
                    plain.connect(address(resolver, host, port, limit), limit.millisLeft());
                }
                if (!tls(url)) {
                    return new Connection(plain, limit, h2 ? "h2c" : "HTTP/1.1", null);
                }
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setApplicationProtocols(h2 ? new String[] {"h2", "http/1.1"} : new String[] {"http/1.1"});
                ssl.setSSLParameters(parameters);
                ssl.setSoTimeout(limit.millisLeft());
                ssl.startHandshake();
                return new Connection(ssl, limit, "h2".equals(ssl.getApplicationProtocol()) ? "h2" : "HTTP/1.1", null);
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        /** CONNECT host:port through the proxy; returns when the tunnel is open, or throws the proxy's refusal. */
        void tunnel(String host, int port, Proxies.Proxy proxy) throws IOException {
            String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
            StringBuilder head = new StringBuilder(256).append("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                    .append(authority).append("\r\n");
            field(head, "User-Agent", USER_AGENT);
            proxy.authorization().ifPresent(value -> field(head, "Proxy-Authorization", value));
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Answer answer = read("CONNECT");
            if (answer.answer().status() / 100 != 2) {
                throw new TunnelRefused(answer.answer().through(proxy, true));
            }
        }

        void write(String method, URI url, Map<String, String> headers, String contentType, byte[] body)
                throws IOException {
            // through a forwarding proxy the request names the whole URL (absolute form), and carries the proxy's credentials
            String requestTarget = forward == null ? target(url) : url.getScheme().toLowerCase(Locale.ROOT) + "://"
                    + authority(url) + target(url);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(requestTarget)
                    .append(" HTTP/1.1\r\nHost: ").append(authority(url)).append("\r\n");
            if (forward != null) {
                forward.authorization().ifPresent(value -> field(head, "Proxy-Authorization", value));
            }
            boolean userAgent = false;
            for (Map.Entry<String, String> header : headers.entrySet()) {
                field(head, header.getKey(), header.getValue());
                userAgent |= header.getKey().equalsIgnoreCase("User-Agent");
            }
            if (!userAgent) {
                field(head, "User-Agent", USER_AGENT);
            }
            if (body != null) {
                field(head, "Content-Type", contentType);
                field(head, "Content-Length", String.valueOf(body.length));
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
        }

        private static void field(StringBuilder head, String name, String value) {
            if (name.isEmpty() || breaksTheLine(name) || breaksTheLine(value)) {
                throw new IllegalArgumentException("header " + name + " has a line break or NUL in its name or value");
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }

        private static boolean breaksTheLine(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    return true;
                }
            }
            return false;
        }

        /** The answer, skipping interim 1xx ones; reusable when it was read whole and the server keeps the connection. */
        Answer read(String method) throws IOException {
            int status;
            Map<String, String> headers;
            String version;
            http2Frames();
            do {
                String statusLine = line(true);
                if (!statusLine.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
                    throw new ProtocolException("not an HTTP/1.1 answer: '" + excerpt(statusLine) + "'"
                            + (statusLine.startsWith("\0") ? " (an HTTP/2-only port?)" : ""));
                }
                version = statusLine.substring(0, 8);
                status = Integer.parseInt(statusLine.substring(9, 12));
                headers = new LinkedHashMap<>();
                for (String line = line(false); !line.isEmpty(); line = line(false)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).strip());
                    }
                }
            } while (status >= 100 && status < 200 && status != 101);
            boolean reusable = version.equals("HTTP/1.1") && !"close".equalsIgnoreCase(headers.get("connection"));
            byte[] body;
            String length = headers.get("content-length");
            if (method.equals("HEAD") || status == 204 || status == 304 || status == 101
                    || method.equals("CONNECT") && status / 100 == 2) {
                body = new byte[0];
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                reusable &= chunked(chunks);
                body = chunks.toByteArray();
            } else if (length != null && length.strip().matches("\\d{1,18}")) {
                long announced = Long.parseLong(length.strip());
                body = in.readNBytes((int) Math.min(announced, MAX_BODY));
                if (body.length < Math.min(announced, MAX_BODY)) {
                    throw new EOFException("the answer ended after " + body.length + " of " + announced + " bytes");
                }
                reusable &= announced <= MAX_BODY;
            } else {
                body = in.readNBytes(MAX_BODY);
                reusable = false;
            }
            return new Answer(new HttpAnswer(status, headers, body), reusable);
        }

        /**
         * An answer that begins with an HTTP/2 frame (SETTINGS or GOAWAY on stream 0, as an h2c-only
         * server such as a gRPC port sends to anything that is not its preface) is no HTTP/1.1 answer.
         * Looks at the first bytes only, and leaves them to be read.
         */
        private void http2Frames() throws IOException {
            in.mark(16);
            int first = in.read();
            if (first < 0 || first == 'H') {
                in.reset();
                return;
            }
            byte[] head = new byte[9];
            head[0] = (byte) first;
            int read = 1 + in.readNBytes(head, 1, 8);
            in.reset();
            int type = head[3] & 0xff;
            boolean streamZero = (head[5] | head[6] | head[7] | head[8]) == 0;
            if (read == 9 && (type == 0x4 || type == 0x7) && streamZero && head[0] == 0) {
                throw new ProtocolMismatch(ProtocolMismatch.Spoken.HTTP_2, "an HTTP/2 " + (type == 0x4 ? "SETTINGS" : "GOAWAY")
                        + " frame to an HTTP/1.1 request");
            }
        }

        /** A chunked body into {@code body}, up to the cap; true when it was read to its end. */
        private boolean chunked(ByteArrayOutputStream body) throws IOException {
            while (true) {
                headBytes = 0; // the limit is for each line of the chunked framing, not their sum
                String sizeLine = line(false);
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
                if (!hex.matches("[0-9a-fA-F]{1,7}")) {
                    throw new ProtocolException("a malformed chunk size: '" + excerpt(sizeLine) + "'");
                }
                int size = Integer.parseInt(hex, 16);
                if (size == 0) {
                    headBytes = 0;
                    while (!line(false).isEmpty()) {
                        // trailers of an HTTP/1.1 answer: nothing tracecheck reads
                    }
                    return true;
                }
                int room = MAX_BODY - body.size();
                byte[] chunk = in.readNBytes(Math.min(size, room));
                body.write(chunk);
                if (size > room) {
                    return false;
                }
                if (chunk.length < size) {
                    throw new EOFException("the answer ended inside a chunk");
                }
                line(false);
            }
        }

        private int headBytes;

        private String line(boolean first) throws IOException {
            if (first) {
                headBytes = 0;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException(first && line.size() == 0 && headBytes == 0
                            ? "the server closed the connection without answering" : "the answer ended early");
                }
                if (++headBytes > MAX_HEAD) {
                    throw new ProtocolException("the answer's head is larger than " + MAX_HEAD + " bytes");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        private static String excerpt(String text) {
            String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
            return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
        }

        /** Still open as far as can be told at once: no early end of stream, nothing unasked waiting. */
        boolean open() {
            try {
                return !socket.isClosed() && in.available() == 0 && input.quiet();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing more to read or write
            }
        }
    }

    /** The socket's input, each read limited to what is left of the call's time. */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream raw;
        private Limit limit;

        DeadlineInput(Socket socket, Limit limit) throws IOException {
            this.socket = socket;
            this.raw = socket.getInputStream();
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            socket.setSoTimeout(limit.millisLeft());
            return raw.read(buffer, offset, length);
        }

        /** True when a 1 ms read finds nothing: the server neither closed the connection nor sent anything. */
        boolean quiet() throws IOException {
            socket.setSoTimeout(1);
            try {
                raw.read();
                return false;
            } catch (SocketTimeoutException nothing) {
                return true;
            }
        }
    }
}
