package io.tracecheck.listen;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * doctor --local binds the ports first and serves on them once the server has started: a client that
 * comes in between is answered late, never refused, and what it is told to use is what then serves.
 */
class BoundBeforeServingTest {

    @Test
    void aRequestSentBeforeTheServerStartsIsAnsweredOnceItServes() throws Exception {
        LocalBackends.Bound bound = LocalBackends.bind(ListenOptions.ephemeral(), Clock.systemUTC());
        LocalBackends backends = null;
        try {
            int port = bound.httpPort();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> get(port, "/"));
            Thread.sleep(200); // the request is in the backlog, unanswered, while nothing serves yet
            assertThat(answer).isNotDone();
            backends = bound.serve();
            assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
            assertThat(ExportLines.environment(bound)).isEqualTo(ExportLines.environment(backends));
            assertThat(backends.httpPort()).isEqualTo(port);
        } finally {
            if (backends != null) {
                backends.close();
            } else {
                bound.close();
            }
        }
    }

    @Test
    void aSegmentSentBeforeTheServerStartsIsStored() throws Exception {
        LocalBackends.Bound bound = LocalBackends.bind(ListenOptions.ephemeral(), Clock.systemUTC());
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] datagram = ("{\"format\": \"json\", \"version\": 1}\n{\"name\":\"early\",\"id\":\"0123456789abcdef\","
                    + "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1478293361.271,\"end_time\":1478293361.449}")
                    .getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), bound.udpPort()));
            try (LocalBackends backends = bound.serve()) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (backends.store().segments().isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(backends.store().segments()).extracting(StoredSegment::name).containsExactly("early");
            }
        }
    }

    @Test
    void portsClosedWithoutServingRefuseConnections() throws Exception {
        LocalBackends.Bound bound = LocalBackends.bind(ListenOptions.ephemeral(), Clock.systemUTC());
        int port = bound.httpPort();
        bound.close();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void aTakenPortIsNamedWithTheFlagThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ListenOptions ephemeral = ListenOptions.ephemeral();
            ListenOptions options = new ListenOptions(ephemeral.host(), taken.getLocalPort(), 0, 0, ephemeral.maxItems(),
                    ephemeral.bodyLimit(), ephemeral.idleTimeout(), ephemeral.honeycombKeys(), ephemeral.requireHoneycombAuth(),
                    ephemeral.rollbarTokens());
            assertThatThrownBy(() -> LocalBackends.bind(options, Clock.systemUTC()))
                    .isInstanceOf(LocalBackends.PortInUse.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--http-port");
        }
    }

    private static String get(int port, String path) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
