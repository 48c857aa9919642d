package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients that misbehave on purpose: the backends stay up, bounded, and serve everyone else. */
class ListenRobustnessTest {
    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension(
            () -> LocalBackends.start(ListenOptions.ephemeral().withIdleTimeout(Duration.ofSeconds(1)), Clock.systemUTC()));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private int postValidTrace() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + "/v1/traces"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OtlpSamples.JSON_TRACE)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", listen.backends().httpPort()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Reads until the server closes the connection (or answers and then closes); true if it did within the time. */
    private static boolean closedByServer(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an error response may come first; keep reading until the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void aSlowlorisClientIsCutOffAndOthersAreServed() throws Exception {
        try (Socket slow = connect()) {
            OutputStream out = slow.getOutputStream();
            out.write("POST /v1/traces HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(postValidTrace()).isEqualTo(200);
            // the idle timeout here is 1 s; the wait is long only for a busy machine
            assertThat(closedByServer(slow, Duration.ofSeconds(30))).as("idle half-request closed").isTrue();
        }
    }

    @Test
    void aTricklingBodyIsCutOff() throws Exception {
        try (Socket trickle = connect()) {
            OutputStream out = trickle.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread tricklingSender = new Thread(() -> {
                try {
                    // 10 bytes every 200 ms for a minute: never idle, so only the body deadline (1 s) can cut it
                    for (int i = 0; i < 300; i++) {
                        out.write(new byte[10]);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException cut) {
                    // the server hung up: what this test wants
                }
            });
            tricklingSender.setDaemon(true);
            tricklingSender.start();
            trickle.setSoTimeout(30_000);
            byte[] answer = trickle.getInputStream().readNBytes(12);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).as("answered before the body completed")
                    .isEqualTo("HTTP/1.1 408");
            assertThat(postValidTrace()).isEqualTo(200);
        }
    }

    @Test
    void manyIdleConnectionsDoNotTakeTheServerDown() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        // thousands, as far as this process may open file descriptors (each connection takes two here)
        long fdLimit = ((com.sun.management.UnixOperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        int connections = (int) Math.min(2000, (fdLimit - 200) / 2);
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", listen.backends().httpPort()), 100);
                } catch (IOException pastTheLimit) {
                    // beyond the connection limit the server stops accepting: expected
                }
            }
            // Every one of them still open on this side: the server sheds idle connections itself
            // (bounded count, idle timeout) and serves a real client meanwhile. The wait is generous
            // because a busy machine may be slow to accept, not because the server may be.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            IOException last = null;
            while (status != 200 && System.nanoTime() < deadline) {
                try {
                    status = postValidTrace();
                } catch (IOException retry) {
                    last = retry;
                    Thread.sleep(100);
                }
            }
            assertThat(status).as("answered while %d connections are held (last error: %s)", sockets.size(), last)
                    .isEqualTo(200);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aClientClosingMidBodyLeavesNoTrace() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket socket = connect()) {
                socket.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 5000\r\n\r\n{\"resourceSpans\":[").getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertThat(postValidTrace()).isEqualTo(200);
        assertThat(listen.backends().store().spans()).hasSize(2);
    }
}
