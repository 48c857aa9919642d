package io.tracecheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy on loopback, for tests: plain requests in absolute form are forwarded to one
 * upstream, CONNECT opens a tunnel to it, whatever host the request names (so a test can call
 * api.example.test and reach a local server). It can demand Basic credentials (407 with a realm)
 * and records every request head it saw.
 */
public final class FakeProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final String realm;
    private final String expectedAuthorization;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    private FakeProxy(InetSocketAddress upstream, String realm, String expectedAuthorization) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstream = upstream;
        this.realm = realm;
        this.expectedAuthorization = expectedAuthorization;
        Thread acceptor = new Thread(this::accept, "fake-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards everything to {@code upstream}, asking no credentials. */
    public static FakeProxy forwardingTo(InetSocketAddress upstream) throws IOException {
        return new FakeProxy(upstream, null, null);
    }

    /** Answers 407 (Basic, this realm) unless the request carries {@code authorization} ("Basic …"). */
    public static FakeProxy demandingCredentials(InetSocketAddress upstream, String realm, String authorization)
            throws IOException {
        return new FakeProxy(upstream, realm, authorization);
    }

    /** "http://127.0.0.1:port", for HTTPS_PROXY and friends. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every request head seen, request line first ("CONNECT api.example.test:443 HTTP/1.1\r\n…"). */
    public List<String> heads() {
        return List.copyOf(heads);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread serving = new Thread(() -> serve(client), "fake-proxy-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            heads.add(head);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            if (realm != null && !head.toLowerCase(Locale.ROOT).contains("proxy-authorization: "
                    + expectedAuthorization.toLowerCase(Locale.ROOT) + "\r\n")) {
                byte[] page = "<html><head><title>Proxy login required</title></head><body>407</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"" + realm
                        + "\"\r\nContent-Type: text/html\r\nContent-Length: " + page.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(page);
                out.flush();
                return;
            }
            try (Socket next = new Socket()) {
                next.connect(upstream, 5000);
                if (requestLine.startsWith("CONNECT ")) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else {
                    // absolute form to origin form: the upstream is an origin server
                    String[] parts = requestLine.split(" ", 3);
                    String target = parts[1].replaceFirst("^[a-zA-Z]+://[^/]+", "");
                    String rest = head.substring(head.indexOf("\r\n"));
                    next.getOutputStream().write((parts[0] + " " + (target.isEmpty() ? "/" : target) + " " + parts[2] + rest)
                            .getBytes(StandardCharsets.ISO_8859_1));
                    next.getOutputStream().flush();
                }
                Thread back = new Thread(() -> pipe(next, client), "fake-proxy-back");
                back.setDaemon(true);
                back.start();
                pipe(client, next);
                back.join(10_000);
            }
        } catch (IOException | InterruptedException dropped) {
            // a test's connection ended: nothing to keep
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException closed) {
            // either side closed: the exchange is over
        }
    }

    /** The request head up to the blank line, without reading past it. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
