package io.tracecheck.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FreePorts;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ListenCommandTest {
    @TempDir
    Path home;

    /**
     * listen in process on a thread of its own, with no time limit: a busy machine may take seconds
     * for what a test sends. Ready once the banner is out (every port, UDP included, is bound by
     * then); {@link #stop()} interrupts the thread, and closing stops it too if an assertion failed first.
     */
    private static final class Listening implements AutoCloseable {
        private static final Duration PATIENCE = Duration.ofMinutes(2);

        private final List<String> args;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Thread thread;
        private volatile int exitCode = -1;

        private Listening(Path home, String... args) {
            this.args = List.of(args);
            Map<String, String> env = TestCli.in(home).environment();
            thread = new Thread(() -> exitCode = io.tracecheck.cli.CommandLines.create(new PrintWriter(out), new PrintWriter(err), env, false, args)
                    .execute(args), "listen-under-test");
            thread.setDaemon(true);
        }

        static Listening start(Path home, String... args) throws InterruptedException {
            Listening listening = new Listening(home, args);
            listening.thread.start();
            return listening.awaitOut("local backends up");
        }

        /** Waits until stdout matches {@code regex}; fails if listen ends first. */
        Listening awaitOut(String regex) throws InterruptedException {
            Pattern pattern = Pattern.compile(regex);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!pattern.matcher(out.toString()).find()) {
                if (!thread.isAlive()) {
                    throw new AssertionError("listen ended before printing /" + regex + "/:\n" + result());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing matched /" + regex + "/ within " + PATIENCE + ":\n" + result());
                }
                Thread.sleep(20);
            }
            return this;
        }

        TestCli.Result stop() throws InterruptedException {
            thread.interrupt();
            thread.join(PATIENCE.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError("listen did not stop when its thread was interrupted:\n" + result());
            }
            return result();
        }

        private TestCli.Result result() {
            return new TestCli.Result(args, exitCode, out.toString(), err.toString());
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(PATIENCE.toMillis());
            }
        }
    }

    @Test
    void printEnvPrintsOnlyTheExportLines() {
        TestCli.Result result = TestCli.in(home).run("listen", "--print-env");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "export OTEL_EXPORTER_OTLP_ENDPOINT='http://127.0.0.1:4318'",
                "export OTEL_EXPORTER_OTLP_PROTOCOL='http/protobuf'",
                "export OTEL_EXPORTER_OTLP_HEADERS='x-honeycomb-team=TracecheckLocalConfig1'",
                "export HONEYCOMB_API_ENDPOINT='http://127.0.0.1:4318'",
                "export HONEYCOMB_API_KEY='TracecheckLocalConfig1'",
                "export AWS_ENDPOINT_URL='http://127.0.0.1:4318'",
                "export AWS_REGION='us-east-1'",
                "export AWS_ACCESS_KEY_ID='AKIATRACECHECKLOCAL1'",
                "export AWS_SECRET_ACCESS_KEY='tracecheck/local/secret/access/key/00000'",
                "export AWS_XRAY_DAEMON_ADDRESS='127.0.0.1:2000'",
                "export ROLLBAR_ENDPOINT='http://127.0.0.1:4318/api/1/item/'",
                "export ROLLBAR_ACCESS_TOKEN='7472616365636865636b736572766572'",
                "export ROLLBAR_READ_TOKEN='7472616365636865636b726561643030'");
        TestCli.Result custom = TestCli.in(home).run("listen", "--print-env", "--host", "0.0.0.0", "--http-port", "14318",
                "--udp-port", "12000");
        assertThat(custom.out()).contains("http://0.0.0.0:14318").contains("'0.0.0.0:12000'");
    }

    @Test
    void printEnvRefusesEphemeralPorts() {
        TestCli.Result result = TestCli.in(home).run("listen", "--print-env", "--http-port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--print-env needs fixed ports");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(TestCli.in(home).run("listen", "--max-items", "0", "--for", "1s").exitCode()).isEqualTo(2);
        assertThat(TestCli.in(home).run("listen", "--body-limit", "lots").exitCode()).isEqualTo(2);
        assertThat(TestCli.in(home).run("listen", "--http-port", "70000").exitCode()).isEqualTo(2);
    }

    @Test
    void aPortInUseExitsOneNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TestCli.Result result = TestCli.in(home).run("listen", "--for", "1s", "--http-port",
                    String.valueOf(taken.getLocalPort()), "--grpc-port", "0", "--udp-port", "0");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains(":" + taken.getLocalPort()).contains("already in use").contains("--http-port")
                    .doesNotContain("\tat ");
        }
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            TestCli.Result result = TestCli.in(home).run("listen", "--for", "1s", "--http-port", "0", "--grpc-port", "0",
                    "--udp-port", String.valueOf(taken.getLocalPort()));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("--udp-port");
        }
    }

    @Test
    void showsArrivalsLiveAndWritesJsonl() throws Exception {
        int http = FreePorts.tcp();
        int udp = FreePorts.udp();
        Path jsonl = home.resolve("arrivals.jsonl");
        try (Listening listen = Listening.start(home, "listen", "--http-port", String.valueOf(http), "--grpc-port", "0",
                "--udp-port", String.valueOf(udp), "--jsonl", jsonl.toString())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + http + "/v1/traces")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(io.tracecheck.listen.OtlpSamples.JSON_TRACE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            byte[] segment = ("{\"format\": \"json\", \"version\": 1}\n{\"name\":\"worker\",\"id\":\"70de5b6f19ff9a0a\","
                    + "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1.0,\"end_time\":2.0}")
                    .getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(segment, segment.length, InetAddress.getLoopbackAddress(), udp));
                socket.send(new DatagramPacket(new byte[] {'x'}, 1, InetAddress.getLoopbackAddress(), udp));
            }
            // datagrams have no answer: wait until the live view shows both, then stop
            listen.awaitOut("xray-udp\\s+worker").awaitOut("xray-udp\\s+malformed");
            TestCli.Result result = listen.stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString())
                    .contains("export OTEL_EXPORTER_OTLP_ENDPOINT='http://127.0.0.1:" + http + "'")
                    .containsPattern("otlp-http\\s+flask-backend\\s+GET /users\\s+5b8efff798038103d269b633813fc60c\\s+2 spans")
                    .containsPattern("xray-udp\\s+worker\\s+worker\\s+1-581cf771-a006649127e371903a2de979\\s+1 segment")
                    .containsPattern("xray-udp\\s+malformed\\s+no header line")
                    .contains("received 3, malformed 1, evicted 0, kept 3");
            List<String> lines = Files.readAllLines(jsonl);
            assertThat(lines).hasSize(3);
            Map<String, Object> spans = JSON.std.mapFrom(lines.get(0));
            assertThat(spans).containsEntry("kind", "spans").containsEntry("source", "otlp-http")
                    .containsEntry("service", "flask-backend").containsEntry("trace_id", "5b8efff798038103d269b633813fc60c")
                    .containsEntry("count", 2);
            assertThat(spans.get("spans").toString()).contains("eee19b7ec3c1b174").contains("SELECT users");
            Map<String, Object> segmentLine = JSON.std.mapFrom(lines.get(1));
            assertThat(segmentLine).containsEntry("kind", "segment").containsEntry("trace_id", "1-581cf771-a006649127e371903a2de979");
            assertThat(segmentLine.get("segments").toString()).contains("70de5b6f19ff9a0a");
            assertThat(JSON.std.mapFrom(lines.get(2))).containsEntry("kind", "malformed");
        }
    }

    /** What an app sends as credentials (headers, a Rollbar body token) never shows in the live view or the JSONL file. */
    @Test
    void credentialsAppsSendStayOutOfTheViewAndTheJsonl() throws Exception {
        int http = FreePorts.tcp();
        Path jsonl = home.resolve("arrivals.jsonl");
        String unknownKey = "hcaikLEAKunknownHoneycombKey0000000000000000000000000000000000000";
        String unknownToken = "0123456789abcdefLEAKLEAKLEAK0000";
        String acceptedToken = "7472616365636865636b736572766572";
        try (Listening listen = Listening.start(home, "listen", "--http-port", String.valueOf(http), "--grpc-port", "0",
                "--udp-port", "0", "--jsonl", jsonl.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> traces = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/traces"))
                    .header("Content-Type", "application/json").header("x-honeycomb-team", unknownKey)
                    .POST(HttpRequest.BodyPublishers.ofString(io.tracecheck.listen.OtlpSamples.JSON_TRACE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(traces.statusCode()).isEqualTo(401);
            for (String token : List.of(unknownToken, acceptedToken)) {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/1/item/"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"access_token\":\"" + token + "\",\"data\":{\"environment\":"
                                + "\"development\",\"body\":{\"message\":{\"body\":\"hello\"}}}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            TestCli.Result result = listen.stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String jsonlText = Files.readString(jsonl);
            assertThat(result.out()).as(result.toString()).contains("hello").contains("invalid access token");
            for (String secret : List.of(unknownKey, unknownToken)) {
                assertThat(result.all()).as(result.toString()).doesNotContain(secret);
            }
            // The banner lists the local backend's own test tokens on purpose; the arrivals never carry one.
            assertThat(jsonlText).contains("hello");
            for (String secret : List.of(unknownKey, unknownToken, acceptedToken)) {
                assertThat(jsonlText).doesNotContain(secret);
            }
        }
    }

    @Test
    void quietPrintsOnlyTheSummary() {
        TestCli.Result result = TestCli.in(home).run("listen", "-q", "--for", "1s", "--http-port", "0", "--grpc-port", "0",
                "--udp-port", "0");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("received 0, malformed 0, evicted 0, kept 0");
    }
}
