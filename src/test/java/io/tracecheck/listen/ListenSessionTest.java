package io.tracecheck.listen;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FreePorts;
import io.tracecheck.TestCli;
import io.tracecheck.terminal.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** How a listen session ends: a failing JSONL file, an interrupted command thread, a signal; and what the file survives. */
class ListenSessionTest {
    private static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path home;

    @Test
    void aFailingJsonlFileIsReportedOnceWhileTheBackendsKeepServing() throws Exception {
        // /dev/full answers every write with ENOSPC: a full disk without filling one
        assumeThat(Files.isWritable(DEV_FULL)).as("needs Linux's /dev/full").isTrue();
        int http = FreePorts.tcp();
        InProcessListen listen = new InProcessListen("listen", "--http-port", String.valueOf(http), "--grpc-port", "0",
                "--udp-port", "0", "--jsonl", DEV_FULL.toString());
        FreePorts.awaitListening(http);

        assertThat(postTrace(http)).isEqualTo(200);
        listen.awaitErr("No space left on device");
        assertThat(postTrace(http)).as("served after the file failed").isEqualTo(200);
        listen.stop();

        assertThat(listen.exit).as(listen.toString()).isEqualTo(1);
        assertThat(listen.err()).as(listen.toString())
                .contains("--jsonl /dev/full: cannot write (No space left on device)")
                .doesNotContain("internal error");
        assertThat(occurrences(listen.out() + listen.err(), "No space left on device")).as(listen.toString()).isEqualTo(1);
        assertThat(listen.out()).as(listen.toString())
                .contains("received 4, malformed 0, refused 0, evicted 0, kept 4")
                .contains("--jsonl /dev/full: 0 lines written, 2 dropped");
    }

    @Test
    void anInterruptedListenStopsCleanlyAndFreesItsPorts() throws Exception {
        int http = FreePorts.tcp();
        int grpc = FreePorts.tcp();
        int udp = DaemonPorts.free();
        Path jsonl = home.resolve("arrivals.jsonl");
        InProcessListen listen = new InProcessListen("listen", "--http-port", String.valueOf(http), "--grpc-port",
                String.valueOf(grpc), "--udp-port", String.valueOf(udp), "--jsonl", jsonl.toString());
        FreePorts.awaitListening(http);
        assertThat(postTrace(http)).isEqualTo(200);
        listen.stop();

        assertThat(listen.exit).as(listen.toString()).isZero();
        assertThat(listen.stillInterrupted).as("the interrupt status is given back").isTrue();
        assertThat(listen.err()).as(listen.toString()).isEmpty();
        assertThat(listen.out()).as(listen.toString())
                .containsPattern("otlp-http\\s+flask-backend\\s+GET /users")
                .contains("received 2, malformed 0, refused 0, evicted 0, kept 2")
                .contains("--jsonl " + jsonl + ": 1 line written, 0 dropped");
        assertThat(occurrences(listen.out(), "received 2,")).as("one summary").isEqualTo(1);
        assertThat(Files.readAllLines(jsonl)).hasSize(1);
        assertFree(http, grpc, udp);
    }

    @Test
    void aSignalClosesTheSessionOnceWhileTheCommandWaits() throws Exception {
        StringWriter screen = new StringWriter();
        Store store = new Store(100);
        List<String> problems = new CopyOnWriteArrayList<>();
        ListenSession session = new ListenSession(store,
                new LiveView(new PrintWriter(screen), Style.PLAIN, true, () -> 0, store, ZoneOffset.UTC));
        session.recordTo(home.resolve("arrivals.jsonl"), problems::add);
        LocalBackends backends = session.start(ListenOptions.ephemeral(), Clock.systemUTC());
        int http = backends.httpPort();
        int grpc = backends.grpcPort();
        int udp = backends.udpPort();
        CompletableFuture<ListenSession.Stop> waiting = CompletableFuture.supplyAsync(() -> session.await(null));

        session.onShutdown(); // what Ctrl-C runs: it closes the session itself, the JVM exits when it returns
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(ListenSession.Stop.SIGNAL);
        session.close(); // the command's own close, after the hook's: nothing more happens

        assertThat(screen.toString().lines().toList()).containsExactly("received 0, malformed 0, refused 0, evicted 0, kept 0",
                "--jsonl " + home.resolve("arrivals.jsonl") + ": 0 lines written, 0 dropped");
        assertThat(problems).isEmpty();
        assertThat(session.recordingIncomplete()).isFalse();
        assertFree(http, grpc, udp);
    }

    @Test
    void aPortInUseClosesWithoutASummaryAndLeavesNothingRunning() throws Exception {
        Path jsonl = home.resolve("arrivals.jsonl");
        java.util.Set<Thread> before = sessionThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TestCli.Result result = TestCli.in(home).run("listen", "--http-port", String.valueOf(taken.getLocalPort()),
                    "--grpc-port", "0", "--udp-port", "0", "--jsonl", jsonl.toString());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).as(result.toString()).contains("already in use");
            assertThat(result.out()).as(result.toString()).doesNotContain("received");
        }
        assertThat(sessionThreads()).as("the view and file threads ended").isSubsetOf(before);
    }

    private static java.util.Set<Thread> sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().equals("tracecheck-listen-jsonl") || t.getName().equals("tracecheck-listen-view"))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** A lone UTF-16 surrogate from an app's span name once threw MalformedInputException and ended the file mid-line. */
    @Test
    void aLoneSurrogateBecomesAReplacementAndTheFileGoesOn() throws Exception {
        Path file = home.resolve("arrivals.jsonl");
        List<String> problems = new CopyOnWriteArrayList<>();
        JsonlSink sink = new JsonlSink(file, problems::add);
        sink.accept(spans("broken \uD800 name"));
        sink.accept(spans("GET /users"));
        sink.close();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat((String) JSON.std.mapFrom(lines.get(0)).get("name")).startsWith("broken ").endsWith(" name")
                .doesNotContain("\uD800");
        assertThat(JSON.std.mapFrom(lines.get(1))).containsEntry("name", "GET /users");
        assertThat(problems).isEmpty();
        assertThat(sink.summary()).endsWith(": 2 lines written, 0 dropped");
        assertThat(sink.complete()).isTrue();
    }

    /** However the arrivals were batched when the disk failed, each one is either written or counted as dropped. */
    @Test
    void everyArrivalLostToAFailingDiskIsCounted() throws Exception {
        assumeThat(Files.isWritable(DEV_FULL)).as("needs Linux's /dev/full").isTrue();
        List<String> problems = new CopyOnWriteArrayList<>();
        JsonlSink sink = new JsonlSink(DEV_FULL, problems::add);
        String big = "x".repeat(6000); // two of them overflow the writer's buffer in the middle of a batch
        for (int i = 0; i < 5; i++) {
            sink.accept(spans(big + i));
        }
        sink.close();

        assertThat(sink.written()).isZero();
        assertThat(sink.dropped()).isEqualTo(5);
        assertThat(sink.complete()).isFalse();
        assertThat(problems).singleElement().asString().contains("/dev/full").contains("No space left on device");
        sink.accept(spans("after close"));
        sink.close();
        assertThat(problems).hasSize(1);
    }

    private static Arrival spans(String name) {
        return Arrival.data(Arrival.Kind.SPANS, Source.OTLP_HTTP, Instant.parse("2024-05-01T10:00:00Z"), "shop", name,
                "5b8efff798038103d269b633813fc60c", List.of(new Arrival.Item("eee19b7ec3c1b174", "", name)), 1, 10,
                false);
    }

    private static int postTrace(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(OtlpSamples.JSON_TRACE)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Nothing listens on these ports any more (the daemon's TCP proxy included): binding them succeeds. */
    private static void assertFree(int http, int grpc, int udp) throws Exception {
        for (int port : new int[] {http, grpc, udp}) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true); // a closed connection in TIME_WAIT is not a listener
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
        new DatagramSocket(udp, InetAddress.getLoopbackAddress()).close();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** listen run in process on a thread of its own, stopped the way tests stop it: by interrupting that thread. */
    private final class InProcessListen {
        private final List<String> args;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Thread thread;
        volatile int exit = -1;
        volatile boolean stillInterrupted;

        InProcessListen(String... args) {
            this.args = List.of(args);
            Map<String, String> env = TestCli.in(home).environment();
            this.thread = new Thread(() -> {
                exit = io.tracecheck.cli.CommandLines.create(new PrintWriter(out), new PrintWriter(err), env, false, args).execute(args);
                stillInterrupted = Thread.currentThread().isInterrupted();
            }, "listen-under-test");
            thread.start();
        }

        void awaitErr(String part) throws InterruptedException {
            for (int i = 0; i < 200 && !err().contains(part); i++) {
                Thread.sleep(50);
            }
            assertThat(err()).as(toString()).contains(part);
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(30).toMillis());
            assertThat(thread.isAlive()).as("listen stopped on interrupt").isFalse();
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        @Override
        public String toString() {
            return "tracecheck " + String.join(" ", args) + "\n-- exit " + exit + "\n-- stdout:\n" + out() + "\n-- stderr:\n"
                    + err();
        }
    }
}
