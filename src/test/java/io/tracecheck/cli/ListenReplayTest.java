package io.tracecheck.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracecheck.FreePorts;
import io.tracecheck.TestCli;
import io.tracecheck.listen.DaemonPorts;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.BatchGetTracesResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code listen --replay}: what one listen recorded (or a Collector wrote), another loads at start
 * and serves through the same APIs, as if it had just arrived.
 */
class ListenReplayTest {
    private static final String KEY = "TracecheckLocalConfig1";
    private static final String ROLLBAR_TOKEN = "7472616365636865636b736572766572";
    private static final String ROLLBAR_READ_TOKEN = "7472616365636865636b726561643030";
    private static final String SEGMENT_TRACE = "1-6745a1b2-a006649127e371903a2de979";

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRecordingFromListenServesTheSameTraceInANewListen() throws Exception {
        Path recording = home.resolve("rec.jsonl");
        String traceId;
        int udp = DaemonPorts.free();
        try (Running first = Running.start(home, "listen", "--http-port", String.valueOf(FreePorts.tcp()), "--grpc-port", "0",
                "--udp-port", String.valueOf(udp), "--jsonl", recording.toString())) {
            traceId = sendOtelTrace(first.httpBase());
            sendSegment(udp);
            HttpResponse<String> item = post(first.httpBase() + "/api/1/item/", Map.of("Content-Type", "application/json",
                    "X-Rollbar-Access-Token", ROLLBAR_TOKEN), "{\"data\":{\"environment\":\"staging\",\"uuid\":"
                    + "\"5c1b4c6e-0000-4000-8000-000000000001\",\"level\":\"critical\",\"body\":{\"message\":{\"body\":"
                    + "\"payment gateway timed out\"}}}}");
            assertThat(item.statusCode()).as(item.body()).isEqualTo(200);
            first.awaitOut("xray-udp\\s+worker").awaitOut("checkout-replay").awaitOut("rollbar\\s+staging");
            TestCli.Result recorded = first.stop();
            assertThat(recorded.exitCode()).as(recorded.toString()).isZero();
        }

        Path again = home.resolve("again.jsonl");
        try (Running second = Running.start(home, "listen", "--replay", recording.toString(), "--jsonl", again.toString(),
                "--http-port", String.valueOf(FreePorts.tcp()), "--grpc-port", "0", "--udp-port", "0")) {
            second.awaitOut("replayed ");
            String base = second.httpBase();

            // the store's own trace link
            HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create(base + "/tracecheck/traces/" + traceId
                    + "?format=json")).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
            assertThat(trace.body()).contains("GET /checkout").contains("SELECT orders").contains("checkout-replay");

            // Honeycomb's Query Data API, with the key the spans were sent with: environment and dataset survived
            assertThat(honeycombCount(base, "checkout-replay", traceId)).isEqualTo(2);

            // X-Ray's BatchGetTraces, signed as the AWS SDK signs it
            try (XRayClient xray = XRayClient.builder().endpointOverride(URI.create(base)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            AcceptedCredentials.LOCAL.accessKeyId(), AcceptedCredentials.LOCAL.secretAccessKey())))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                BatchGetTracesResponse traces = xray.batchGetTraces(b -> b.traceIds(SEGMENT_TRACE));
                assertThat(traces.traces()).hasSize(1);
                assertThat(traces.traces().get(0).segments()).hasSize(1);
                assertThat(traces.traces().get(0).segments().get(0).document()).contains("\"worker\"").contains("\"dynamodb\"");
            }

            // Rollbar's read-back by uuid
            HttpResponse<String> item = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/1/item_by_uuid?uuid=5c1b4c6e-0000-4000-8000-000000000001"))
                    .header("X-Rollbar-Access-Token", ROLLBAR_READ_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(item.statusCode()).as(item.body()).isEqualTo(200);
            assertThat(item.body()).contains("payment gateway timed out");

            TestCli.Result result = second.stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            // one line for the file, not one per arrival; and received counts only what arrived live
            assertThat(result.out()).as(result.toString())
                    .contains("replayed 2 traces (2 spans, 1 segment), 1 Rollbar item from " + recording + " (listen --jsonl)")
                    .doesNotContainPattern("otlp-http\\s+checkout-replay")
                    .contains("received 0, malformed 0, refused 0, evicted 0, kept 4");
            assertThat(result.err()).doesNotContain("skipped");
        }
        // the replayed items are not recorded again; the queries above are this run's only arrivals
        for (String line : Files.readAllLines(again)) {
            assertThat(JSON.std.mapFrom(line)).containsEntry("kind", "request");
        }
    }

    @Test
    void collectorFileExporterOutputLoadsPlainAndGzipped() throws Exception {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        String traceA = "0af7651916cd43dd8448eb211c80319c";
        String traceB = "4bf92f3577b34da6a3ce929d0e0e4736";
        Path plain = home.resolve("otel-export.json");
        Files.writeString(plain, collectorTraces(traceA, now) + "\n" + COLLECTOR_LOGS + "\n" + COLLECTOR_METRICS + "\n");
        // named like the plain one: gzip is recognised by its bytes, not its name
        Path gzipped = home.resolve("otel-export-2.json");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write((collectorTraces(traceB, now) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(gzipped, bytes.toByteArray());

        try (Running listen = Running.start(home, "listen", "--replay", plain.toString(), "--replay", gzipped.toString(),
                "--http-port", String.valueOf(FreePorts.tcp()), "--grpc-port", "0", "--udp-port", "0")) {
            listen.awaitOut("replayed .* from " + Pattern.quote(gzipped.toString()));
            for (String traceId : List.of(traceA, traceB)) {
                HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create(listen.httpBase() + "/tracecheck/traces/"
                        + traceId + "?format=json")).header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
                assertThat(trace.body()).contains("GET /orders").contains("SELECT orders");
            }
            // no key in the file: the spans land where the key listen prints would have put them
            assertThat(honeycombCount(listen.httpBase(), "collector-app", traceA)).isEqualTo(2);
            TestCli.Result result = listen.stop();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString())
                    .contains("replayed 1 trace (2 spans), 1 log record, 1 metrics export from " + plain + " (OTLP JSON)")
                    .contains("replayed 1 trace (2 spans) from " + gzipped + " (OTLP JSON)")
                    .contains("kept 6");
        }
    }

    /**
     * A recording is untrusted input: every line that cannot be read is named with why, never quoted
     * (it may hold a credential), and the rest loads.
     */
    @Test
    void badLinesAreCountedAndNamedWithoutEchoingThemAndTheRestLoads() throws Exception {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        String secret = "sekr1tTOKENvalue0123456789";
        Path file = home.resolve("mixed.jsonl");
        String segmentLine = "{\"kind\":\"segment\",\"time\":\"2026-11-26T10:00:00Z\",\"source\":\"xray-udp\",\"document\":"
                + JSON.std.asString(SEGMENT_DOCUMENT) + "}";
        Files.writeString(file, String.join("\n",
                collectorTraces("0af7651916cd43dd8448eb211c80319c", now),
                "Authorization: Bearer " + secret,
                "{\"kind\":\"spans\",\"time\":\"2026-11-26T10:00:00Z\",\"source\":\"otlp-http\",\"service\":\"old\",\"count\":1}",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"Bearer " + secret + "\",\"spanId\":\"00f067aa0ba902b7\"}]}]}]}",
                "{\"hello\":\"" + secret + "\"}",
                "{\"kind\":\"spans\",\"service\":\"" + secret + "x".repeat(80 * 1024) + "\"}",
                "{\"kind\":\"not-found\",\"time\":\"2026-11-26T10:00:00Z\",\"source\":\"http\",\"path\":\"/v1/trace\",\"status\":404}",
                "[\"" + secret + "\"]",
                "",
                segmentLine,
                "{\"kind\":\"segment\",\"document\":\"{\\\"name\\\":\\\"" + secret + "\\\"}\"}") + "\n");

        TestCli.Result result = TestCli.in(home).run("listen", "--replay", file.toString(), "--body-limit", "64KiB",
                "--max-items", "2", "--for", "1s", "--http-port", "0", "--grpc-port", "0", "--udp-port", "0");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).as(result.toString())
                .contains("replayed 2 traces (2 spans, 1 segment) from " + file + " (OTLP JSON and listen --jsonl); "
                        + "7 lines skipped; 1 evicted: --max-items keeps the newest")
                .contains("kept 2");
        String prefix = "tracecheck: --replay " + file + ": line ";
        assertThat(result.err()).as(result.toString())
                .contains(prefix + "2 skipped: not a JSON object")
                .contains(prefix + "3 skipped: a spans line without otlp: written by a tracecheck before --replay existed")
                .containsPattern(Pattern.quote(prefix + "4 skipped: ") + "resourceSpans\\[0\\]\\.scopeSpans\\[0\\]\\.spans\\[0\\]\\.traceId")
                .contains(prefix + "5 skipped: neither a listen --jsonl line (it has no kind) nor OTLP JSON")
                .contains(prefix + "6 skipped: longer than the body limit of 65536 bytes (--body-limit)")
                .contains(prefix + "8 skipped: not a JSON object")
                .contains(prefix + "11 skipped: segment")
                .doesNotContain("line 7 ").doesNotContain("line 9 ").doesNotContain("line 10 ");
        assertThat(result.out() + result.err()).doesNotContain(secret).doesNotContain("sekr1t");
    }

    /** With -o json stdout is the arrivals' stream: the replay line goes to stderr with the banner; -q keeps only the counts. */
    @Test
    void jsonOutputAndQuietKeepTheReplayLineOffStdout() throws Exception {
        Path file = Files.writeString(home.resolve("export.json"),
                collectorTraces("0af7651916cd43dd8448eb211c80319c", Instant.now().toEpochMilli() * 1_000_000L) + "\n");
        TestCli.Result json = TestCli.in(home).run("listen", "-o", "json", "--replay", file.toString(), "--for", "1s",
                "--http-port", "0", "--grpc-port", "0", "--udp-port", "0");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).as(json.toString()).isEmpty();
        assertThat(json.err()).contains("replayed 1 trace (2 spans) from " + file).contains("kept 2")
                .contains("stdout (-o json): 0 lines written");

        TestCli.Result quiet = TestCli.in(home).run("listen", "-q", "--replay", file.toString(), "--for", "1s",
                "--http-port", "0", "--grpc-port", "0", "--udp-port", "0");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.out().strip()).as(quiet.toString()).isEqualTo("received 0, malformed 0, refused 0, evicted 0, kept 2");
    }

    @Test
    void whatIsNotARecordingFileIsAUsageError() throws Exception {
        Path dir = Files.createDirectories(home.resolve("recordings"));
        Path missing = home.resolve("missing.jsonl");
        Path nothingUsable = Files.writeString(home.resolve("notes.txt"), "hello\nworld\n");
        Path zstd = Files.write(home.resolve("export.json.zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0});
        Path recording = Files.writeString(home.resolve("rec.jsonl"), "");
        assertUsageError(dir, "is a directory");
        assertUsageError(missing, "no such file");
        assertUsageError(Path.of("/dev/zero"), "is not a regular file");
        assertUsageError(nothingUsable, "no line is a listen --jsonl recording or OTLP JSON from the Collector's file "
                + "exporter (line 1: not a JSON object)");
        assertUsageError(zstd, "is zstd-compressed");
        TestCli.Result same = TestCli.in(home).run("listen", "--replay", recording.toString(), "--jsonl",
                home.resolve(".").resolve("rec.jsonl").toString(), "--for", "1s", "--http-port", "0", "--grpc-port", "0",
                "--udp-port", "0");
        assertThat(same.exitCode()).as(same.toString()).isEqualTo(2);
        assertThat(same.err()).contains("is also the --jsonl file");
        assertThat(same.out()).doesNotContain("local backends up");

        Path fifo = home.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        // a FIFO with no writer would block an open forever: refused without opening it
        assertUsageError(fifo, "is not a regular file (a FIFO, a device or a socket)");
    }

    private void assertUsageError(Path file, String why) {
        TestCli.Result result = TestCli.in(home).run("listen", "--replay", file.toString(), "--for", "1s",
                "--http-port", "0", "--grpc-port", "0", "--udp-port", "0");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip().lines().toList()).as(result.toString()).hasSize(1);
        assertThat(result.err()).as(result.toString()).contains("--replay " + file + ": " + why);
        assertThat(result.out()).doesNotContain("local backends up");
    }

    /** A trace from the OpenTelemetry Java SDK's own OTLP/HTTP exporter; returns its trace id. */
    private static String sendOtelTrace(String base) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                .addHeader("x-honeycomb-team", KEY).setTimeout(Duration.ofSeconds(30)).build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
                        "checkout-replay"))))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            Tracer tracer = provider.get("replay-test");
            Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.route", "/checkout").startSpan();
            try (Scope ignored = root.makeCurrent()) {
                tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).startSpan().end();
            } finally {
                root.end();
            }
            assertThat(provider.forceFlush().join(60, TimeUnit.SECONDS).isSuccess()).isTrue();
            return root.getSpanContext().getTraceId();
        } finally {
            provider.shutdown().join(30, TimeUnit.SECONDS);
        }
    }

    private static final String SEGMENT_DOCUMENT = "{\"name\":\"worker\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\""
            + SEGMENT_TRACE + "\",\"start_time\":1732600000.25,\"end_time\":1732600000.75,\"subsegments\":[{\"name\":"
            + "\"dynamodb\",\"id\":\"70de5b6f19ff9a0b\",\"start_time\":1732600000.3,\"end_time\":1732600000.5}]}";

    /** A segment as an X-Ray SDK sends it to the daemon: the header line, then the document, one datagram. */
    private static void sendSegment(int udp) throws Exception {
        byte[] datagram = ("{\"format\": \"json\", \"version\": 1}\n" + SEGMENT_DOCUMENT).getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), udp));
        }
    }

    /** COUNT of the trace's spans in {@code dataset} through the Query Data API (create query, create result, poll). */
    @SuppressWarnings("unchecked")
    private int honeycombCount(String base, String dataset, String traceId) throws Exception {
        Map<String, String> headers = Map.of("X-Honeycomb-Team", KEY, "Content-Type", "application/json");
        HttpResponse<String> query = post(base + "/1/queries/" + dataset, headers, "{\"calculations\":[{\"op\":\"COUNT\"}],"
                + "\"filters\":[{\"column\":\"trace.trace_id\",\"op\":\"=\",\"value\":\"" + traceId + "\"}],\"time_range\":7200}");
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        String queryId = (String) JSON.std.mapFrom(query.body()).get("id");
        HttpResponse<String> created = post(base + "/1/query_results/" + dataset, headers, "{\"query_id\":\"" + queryId + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String resultId = (String) JSON.std.mapFrom(created.body()).get("id");
        HttpResponse<String> result = http.send(HttpRequest.newBuilder(URI.create(base + "/1/query_results/" + dataset + "/"
                + resultId)).header("X-Honeycomb-Team", KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        Map<String, Object> data = (Map<String, Object>) JSON.std.mapFrom(result.body()).get("data");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) data.get("results");
        return ((Number) ((Map<String, Object>) rows.get(0).get("data")).get("COUNT")).intValue();
    }

    private HttpResponse<String> post(String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One ExportTraceServiceRequest on one line, as the Collector's file exporter writes it (OTLP/JSON, hex ids). */
    private static String collectorTraces(String traceId, long startNanos) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"collector-app\"}},{\"key\":\"host.name\",\"value\":{\"stringValue\":\"ip-10-0-0-7\"}}]},"
                + "\"scopeSpans\":[{\"scope\":{\"name\":\"io.opentelemetry.flask\",\"version\":\"0.48b0\"},\"spans\":["
                + "{\"traceId\":\"" + traceId + "\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"GET /orders\",\"kind\":2,"
                + "\"startTimeUnixNano\":\"" + startNanos + "\",\"endTimeUnixNano\":\"" + (startNanos + 120_000_000L) + "\","
                + "\"attributes\":[{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/orders\"}},{\"key\":\"http.status_code\","
                + "\"value\":{\"intValue\":\"200\"}}],\"status\":{}},"
                + "{\"traceId\":\"" + traceId + "\",\"spanId\":\"00f067aa0ba902b7\",\"parentSpanId\":\"b7ad6b7169203331\","
                + "\"name\":\"SELECT orders\",\"kind\":3,\"startTimeUnixNano\":\"" + (startNanos + 10_000_000L) + "\","
                + "\"endTimeUnixNano\":\"" + (startNanos + 90_000_000L) + "\",\"status\":{\"code\":2,\"message\":\"timeout\"}}]}],"
                + "\"schemaUrl\":\"https://opentelemetry.io/schemas/1.21.0\"}]}";
    }

    private static final String COLLECTOR_LOGS = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
            + "\"value\":{\"stringValue\":\"collector-app\"}}]},\"scopeLogs\":[{\"scope\":{},\"logRecords\":[{\"timeUnixNano\":"
            + "\"1764150000000000000\",\"severityNumber\":9,\"severityText\":\"INFO\",\"body\":{\"stringValue\":\"order placed\"},"
            + "\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\"}]}]}]}";

    private static final String COLLECTOR_METRICS = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":"
            + "\"service.name\",\"value\":{\"stringValue\":\"collector-app\"}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":"
            + "\"http.server.duration\",\"unit\":\"ms\",\"histogram\":{\"dataPoints\":[{\"startTimeUnixNano\":\"1764150000000000000\","
            + "\"timeUnixNano\":\"1764150060000000000\",\"count\":\"3\",\"sum\":42.5,\"bucketCounts\":[\"1\",\"2\"],"
            + "\"explicitBounds\":[10]}],\"aggregationTemporality\":2}}]}]}]}";

    /**
     * listen in process on a thread of its own, with no time limit; ready once the banner is out.
     * {@link #stop()} interrupts the thread, as Ctrl-C stops listen.
     */
    private static final class Running implements AutoCloseable {
        private static final Duration PATIENCE = Duration.ofMinutes(2);

        private final List<String> args;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Thread thread;
        private volatile int exitCode = -1;

        private Running(Path home, String... args) {
            this.args = List.of(args);
            Map<String, String> env = TestCli.in(home).environment();
            thread = new Thread(() -> exitCode = CommandLines.create(new PrintWriter(out), new PrintWriter(err), env, false, args)
                    .execute(args), "listen-replay-under-test");
            thread.setDaemon(true);
        }

        static Running start(Path home, String... args) throws InterruptedException {
            Running running = new Running(home, args);
            running.thread.start();
            return running.awaitOut("local backends up");
        }

        String httpBase() {
            int at = args.indexOf("--http-port");
            return "http://127.0.0.1:" + args.get(at + 1);
        }

        Running awaitOut(String regex) throws InterruptedException {
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
}
