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
            return listening.await(listening.args.contains("json") ? listening.err : listening.out, "local backends up");
        }

        /** Waits until stdout matches {@code regex}; fails if listen ends first. */
        Listening awaitOut(String regex) throws InterruptedException {
            return await(out, regex);
        }

        private Listening await(StringWriter stream, String regex) throws InterruptedException {
            Pattern pattern = Pattern.compile(regex);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!pattern.matcher(stream.toString()).find()) {
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
                "export AWS_DEFAULT_REGION='us-east-1'",
                "export AWS_ACCESS_KEY_ID='AKIATRACECHECKLOCAL1'",
                "export AWS_SECRET_ACCESS_KEY='tracecheck/local/secret/access/key/00000'",
                "export AWS_XRAY_DAEMON_ADDRESS='127.0.0.1:2000'",
                "export ROLLBAR_ENDPOINT='http://127.0.0.1:4318/api/1/item/'",
                "export ROLLBAR_ACCESS_TOKEN='7472616365636865636b736572766572'",
                "export ROLLBAR_READ_TOKEN='7472616365636865636b726561643030'");
        assertThat(TestCli.in(home).run("listen", "--print-env=all").out()).isEqualTo(result.out());
    }

    @Test
    void printEnvEndpointsLeavesTheShellsOwnKeysAlone() {
        TestCli.Result result = TestCli.in(home).run("listen", "--print-env=endpoints", "--http-port", "14318");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "# endpoints only: the shell's own keys and region stay as they are; listen accepts only its own test keys "
                        + "unless given --honeycomb-key or --rollbar-token",
                "export OTEL_EXPORTER_OTLP_ENDPOINT='http://127.0.0.1:14318'",
                "export OTEL_EXPORTER_OTLP_PROTOCOL='http/protobuf'",
                "export HONEYCOMB_API_ENDPOINT='http://127.0.0.1:14318'",
                "export AWS_ENDPOINT_URL='http://127.0.0.1:14318'",
                "export AWS_XRAY_DAEMON_ADDRESS='127.0.0.1:2000'",
                "export ROLLBAR_ENDPOINT='http://127.0.0.1:14318/api/1/item/'");
        TestCli.Result bad = TestCli.in(home).run("listen", "--print-env=keys");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--print-env takes all or endpoints, not 'keys'");
    }

    /** Bound to every interface, the lines name an address a container can connect to, and say which; never 0.0.0.0. */
    @Test
    void printEnvForEveryInterfaceNamesAnAddressAContainerReaches() {
        TestCli.Result result = TestCli.in(home).run("listen", "--print-env", "--host", "0.0.0.0", "--http-port", "14318",
                "--udp-port", "12000");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain("0.0.0.0");
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).startsWith("# ").contains("this machine's non-loopback address").contains("--advertise");
        String address = lines.get(0).substring(2, lines.get(0).indexOf(':'));
        assertThat(address).isNotEqualTo("127.0.0.1").matches("[0-9.]+");
        assertThat(lines).contains("export OTEL_EXPORTER_OTLP_ENDPOINT='http://" + address + ":14318'",
                "export AWS_XRAY_DAEMON_ADDRESS='" + address + ":12000'");

        TestCli.Result advertised = TestCli.in(home).run("listen", "--print-env", "--host", "0.0.0.0", "--advertise",
                "host.docker.internal");
        assertThat(advertised.out()).doesNotContain("0.0.0.0").contains("# host.docker.internal: the address given with --advertise")
                .contains("export OTEL_EXPORTER_OTLP_ENDPOINT='http://host.docker.internal:4318'")
                .contains("export AWS_XRAY_DAEMON_ADDRESS='host.docker.internal:2000'");
    }

    private static final String LISTEN_KEY = "it's-a-test-key";

    /** The export lines as the shell reads them: NAME -> value, unquoted; comments skipped. */
    private static Map<String, String> exported(String printed) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String line : printed.lines().filter(l -> l.startsWith("export ")).toList()) {
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            String value = assignment.substring(eq + 2, assignment.length() - 1);
            // a key given with a flag is named by the variable that holds it ("${LISTEN_KEY}"), never printed
            values.put(assignment.substring(0, eq), assignment.charAt(eq + 1) == '"'
                    ? value.replace("${LISTEN_KEY}", LISTEN_KEY) : value.replace("'\\''", "'"));
        }
        return values;
    }

    /**
     * eval in bash sets exactly the variables the lines say, to exactly those values, and nothing
     * else; a quote in a value survives; with endpoints only, the shell's own keys stay.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--print-env", "--print-env=endpoints"})
    void evalInBashSetsExactlyWhatTheLinesSay(String flag) throws Exception {
        TestCli.Result printed = TestCli.in(home).env("LISTEN_KEY", LISTEN_KEY)
                .run("listen", flag, "--host", "0.0.0.0", "--honeycomb-key", LISTEN_KEY);
        assertThat(printed.exitCode()).as(printed.toString()).isZero();
        Map<String, String> said = exported(printed.out());
        Map<String, String> before = Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(),
                "HONEYCOMB_API_KEY", "hcaik_01usersownkey0000000000000000000000000000000000000000000000",
                "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIAUSERSOWNKEY00001", "LISTEN_KEY", LISTEN_KEY);
        Path script = home.resolve("eval.sh");
        Files.writeString(script, "eval \"$LINES\"\nunset LINES\nenv -0\n");
        ProcessBuilder bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        bash.environment().clear();
        bash.environment().putAll(before);
        bash.environment().put("LINES", printed.out());
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        Map<String, String> after = new java.util.HashMap<>();
        for (String entry : output.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                after.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        List.of("PWD", "OLDPWD", "SHLVL", "_").forEach(after::remove); // bash's own
        Map<String, String> changed = new java.util.HashMap<>(after);
        changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        assertThat(changed).as(printed.out()).isEqualTo(said);
        assertThat(after.keySet()).containsAll(before.keySet());
        if (flag.endsWith("endpoints")) {
            assertThat(after).containsEntry("HONEYCOMB_API_KEY", before.get("HONEYCOMB_API_KEY"))
                    .containsEntry("AWS_REGION", "eu-west-1").containsEntry("AWS_ACCESS_KEY_ID", "AKIAUSERSOWNKEY00001");
        } else {
            assertThat(after).containsEntry("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=it's-a-test-key")
                    .containsEntry("AWS_DEFAULT_REGION", "us-east-1");
        }
    }

    /**
     * In a Gitpod workspace, fixes say "gp env NAME=value" (persist it): listen's stand-in values must
     * give no warning that would tell a user to persist them. A user's AWS_DEFAULT_REGION (boto3's)
     * would have conflicted with the exported AWS_REGION.
     */
    @Test
    void standInValuesGiveNoWarningToPersist() {
        Map<String, String> workspace = Map.of("GITPOD_WORKSPACE_ID", "ws-tracecheck", "AWS_DEFAULT_REGION", "eu-west-1",
                "OTEL_SERVICE_NAME", "shop");
        Map<String, String> all = exported(TestCli.in(home).run("listen", "--print-env").out());
        TestCli.Result env = TestCli.in(home).env(workspace).env(all).run("env");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(env.all()).as(env.toString()).doesNotContain("gp env").doesNotContain("WARN").contains("0 warnings");

        Map<String, String> own = Map.of("HONEYCOMB_API_KEY", "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q",
                "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIAZ7Q3XW5EXAMPLE42",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLE42");
        Map<String, String> endpoints = exported(TestCli.in(home).run("listen", "--print-env=endpoints").out());
        TestCli.Result mixed = TestCli.in(home).env(workspace).env(own).env(endpoints).run("env");
        assertThat(mixed.exitCode()).as(mixed.toString()).isZero();
        assertThat(mixed.all()).as(mixed.toString()).doesNotContain("gp env").doesNotContain("WARN").contains("0 warnings");
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
        // the daemon's TCP proxy takes the UDP port's number, as the real daemon's does
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), io.tracecheck.listen.DaemonPorts.free()));
            TestCli.Result result = TestCli.in(home).run("listen", "--for", "1s", "--http-port", "0", "--grpc-port", "0",
                    "--udp-port", String.valueOf(taken.getLocalPort()));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("TCP 127.0.0.1:" + taken.getLocalPort()).contains("X-Ray daemon's TCP proxy")
                    .contains("--udp-port").doesNotContain("\tat ");
        }
    }

    @Test
    void showsArrivalsLiveAndWritesJsonl() throws Exception {
        int http = FreePorts.tcp();
        int udp = io.tracecheck.listen.DaemonPorts.free();
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
                    .contains("received 3, malformed 1, refused 0, evicted 0, kept 3");
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

    /**
     * The requests that used to vanish: a doubled path, a GET, an unknown key. Each shows live and in
     * the JSONL file with its own kind, the answer, its real size and the likely cause.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyRequestShowsLiveAndInTheJsonlWithTheAnswerAndTheCause() throws Exception {
        int http = FreePorts.tcp();
        Path jsonl = home.resolve("arrivals.jsonl");
        byte[] trace = io.tracecheck.listen.OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8);
        String unknownKey = "hcaikNOTKNOWNnotknownNOTKNOWN000000000000000000000000000000000000";
        try (Listening listen = Listening.start(home, "listen", "--http-port", String.valueOf(http), "--grpc-port", "0",
                "--udp-port", "0", "--jsonl", jsonl.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + http;
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces/v1/traces"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(trace)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces")).header("Content-Type", "application/json")
                    .header("x-honeycomb-team", unknownKey).POST(HttpRequest.BodyPublishers.ofByteArray(trace)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            TestCli.Result result = listen.awaitOut("unauthorized").stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString())
                    .containsPattern("otlp-http\\s+not-found\\s+404 POST /v1/traces/v1/traces: no local backend serves this path"
                            + "\\s+\\(" + trace.length + " B\\)")
                    .containsPattern("\\n\\s+likely cause: the SDK appended /v1/traces to an endpoint that already ends with "
                            + "/v1/traces: OTEL_EXPORTER_OTLP_ENDPOINT is the base URL")
                    .containsPattern("otlp-http\\s+method-not-allowed\\s+405 GET /v1/traces: method not allowed: use POST")
                    .containsPattern("otlp-http\\s+unauthorized\\s+401 POST /v1/traces: unknown API key .*\\(" + trace.length + " B\\)")
                    .contains("received 0, malformed 0, refused 3, evicted 0, kept 0")
                    .doesNotContain(unknownKey);
            List<Map<String, Object>> lines = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(jsonl)) {
                lines.add(JSON.std.mapFrom(line));
            }
            assertThat(lines).extracting(l -> l.get("kind")).containsExactly("not-found", "method-not-allowed", "unauthorized");
            assertThat(lines.get(0)).containsEntry("source", "otlp-http").containsEntry("method", "POST")
                    .containsEntry("path", "/v1/traces/v1/traces").containsEntry("status", 404).containsEntry("bytes", trace.length);
            assertThat((String) lines.get(0).get("cause")).contains("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as-is");
            assertThat(lines.get(2)).containsEntry("status", 401).containsEntry("bytes", trace.length)
                    .containsEntry("reason", io.tracecheck.listen.honeycomb.HoneycombGate.UNKNOWN_KEY);
            assertThat(Files.readString(jsonl)).doesNotContain(unknownKey);
        }
    }

    /** -o json: one compact JSON object per arrival on stdout, the banner and the counts on stderr. */
    @Test
    void jsonOutputWritesOneObjectPerArrivalOnStdout() throws Exception {
        int http = FreePorts.tcp();
        try (Listening listen = Listening.start(home, "listen", "-o", "json", "--http-port", String.valueOf(http),
                "--grpc-port", "0", "--udp-port", "0")) {
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/traces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(io.tracecheck.listen.OtlpSamples.JSON_TRACE)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/trace"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(404);
            TestCli.Result result = listen.awaitOut("not-found").stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> lines = result.out().lines().toList();
            assertThat(lines).as(result.toString()).hasSize(2);
            Map<String, Object> spans = JSON.std.mapFrom(lines.get(0));
            assertThat(spans).containsEntry("kind", "spans").containsEntry("service", "flask-backend").containsEntry("count", 2);
            assertThat(JSON.std.mapFrom(lines.get(1))).containsEntry("kind", "not-found").containsEntry("path", "/v1/trace");
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}").doesNotContain("\n"));
            assertThat(result.err()).contains("local backends up").contains("received 2, malformed 0, refused 1")
                    .contains("stdout (-o json): 2 lines written, 0 dropped");
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
        String awsKeyId = "AKIALEAKLEAKLEAK0042";
        String signature = "1eak".repeat(16);
        try (Listening listen = Listening.start(home, "listen", "--http-port", String.valueOf(http), "--grpc-port", "0",
                "--udp-port", "0", "--jsonl", jsonl.toString())) {
            sendCredentials(http, unknownKey, unknownToken, acceptedToken, awsKeyId, signature);
            listen.awaitOut("xray-api\\s+unauthorized");
            TestCli.Result result = listen.stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String jsonlText = Files.readString(jsonl);
            assertThat(result.out()).as(result.toString()).contains("hello").contains("invalid access token");
            assertThat(result.out()).containsPattern("xray-api\\s+unauthorized\\s+403 POST /TraceSegments")
                    .containsPattern("rollbar\\s+unauthorized\\s+401 GET /api/1/item_by_uuid");
            for (String secret : List.of(unknownKey, unknownToken, awsKeyId, signature)) {
                assertThat(result.all()).as(result.toString()).doesNotContain(secret);
            }
            // The banner lists the local backend's own test tokens on purpose; the arrivals never carry one.
            assertThat(jsonlText).contains("hello").contains("/TraceSegments").contains("item_by_uuid");
            for (String secret : List.of(unknownKey, unknownToken, acceptedToken, awsKeyId, signature)) {
                assertThat(jsonlText).doesNotContain(secret);
            }
        }
    }

    /** What apps send as credentials: a Honeycomb key header, Rollbar body and query tokens, an AWS signature. */
    private static void sendCredentials(int http, String unknownKey, String unknownToken, String acceptedToken,
                                        String awsKeyId, String signature) throws Exception {
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
        // a token in a query string, and an AWS signature (header and presigned query), refused: shown, never logged
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/1/item_by_uuid?uuid=x&access_token="
                + unknownToken)).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                        + "/TraceSegments?X-Amz-Credential=" + awsKeyId + "&X-Amz-Signature=" + signature))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + awsKeyId + "/20240101/us-east-1/xray/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + signature)
                .header("X-Amz-Date", "20240101T000000Z").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(403);
    }

    /** -o json writes arrivals on stdout: the same credentials stay out of it. */
    @Test
    void credentialsAppsSendStayOutOfJsonOnStdout() throws Exception {
        int http = FreePorts.tcp();
        String unknownKey = "hcaikLEAKunknownHoneycombKey0000000000000000000000000000000000000";
        String unknownToken = "0123456789abcdefLEAKLEAKLEAK0000";
        String acceptedToken = "7472616365636865636b736572766572";
        String awsKeyId = "AKIALEAKLEAKLEAK0042";
        String signature = "1eak".repeat(16);
        try (Listening listen = Listening.start(home, "listen", "-o", "json", "--http-port", String.valueOf(http),
                "--grpc-port", "0", "--udp-port", "0")) {
            sendCredentials(http, unknownKey, unknownToken, acceptedToken, awsKeyId, signature);
            listen.awaitOut("/TraceSegments");
            TestCli.Result result = listen.stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).contains("item_by_uuid").contains("hello");
            for (String secret : List.of(unknownKey, unknownToken, acceptedToken, awsKeyId, signature)) {
                assertThat(result.out()).as(result.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void quietPrintsOnlyTheSummary() {
        TestCli.Result result = TestCli.in(home).run("listen", "-q", "--for", "1s", "--http-port", "0", "--grpc-port", "0",
                "--udp-port", "0");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("received 0, malformed 0, refused 0, evicted 0, kept 0");
    }
}
