package io.tracecheck.listen;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's findings, each as a user would meet it: memory bounded by bytes whatever arrives, every
 * refusal a 4xx in the service's own shape, SigV4 scope checked, and the receivers alive throughout.
 */
class HostileInputTest {
    private static final long MIB = 1024 * 1024;
    private LocalBackends backends;

    @AfterEach
    void stop() {
        if (backends != null) {
            backends.close();
        }
    }

    private LocalBackends start(long budget, long bodyLimit) throws Exception {
        backends = LocalBackends.start(ListenOptions.ephemeral().withBodyLimit(bodyLimit), Clock.systemUTC(),
                new Store(ListenOptions.DEFAULT_MAX_ITEMS, new MemoryBudget(budget)));
        return backends;
    }

    private String url(String path) {
        return backends.httpBaseUrl() + path;
    }

    private static void assertRefusedInShape(HttpResponse<String> response, String shape) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.body()).doesNotContainPattern(Hostile.JAVA_TEXT).contains(shape);
    }

    private HttpResponse<String> logs(String operation, String body) throws Exception {
        return Hostile.signed(backends.httpBaseUrl(), "logs", "us-east-1", "/", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Logs_20140328." + operation));
    }

    private HttpResponse<String> query(String spec) throws Exception {
        return Hostile.post(url("/1/queries/ds"), "application/json", spec.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Honeycomb-Team", AcceptedKey.LOCAL_CONFIGURATION.key()));
    }

    @Test
    void whatOnceAnswered500IsNowA4xxInTheServicesShape() throws Exception {
        start(64 * MIB, ListenOptions.DEFAULT_BODY_LIMIT);
        HttpResponse<String> sts = Hostile.signed(backends.httpBaseUrl(), "sts", "us-east-1", "/",
                "Action=%zz&Version=2011-06-15".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertRefusedInShape(sts, "<Code>MalformedQueryString</Code>");

        assertThat(logs("CreateLogGroup", "{\"logGroupName\":\"g\"}").statusCode()).isEqualTo(200);
        assertThat(logs("CreateLogStream", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\"}").statusCode()).isEqualTo(200);
        assertRefusedInShape(logs("GetLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"nextToken\":\"f/zz\"}"),
                "\"__type\":\"InvalidParameterException\"");
        assertRefusedInShape(logs("GetLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"limit\":1e12}"),
                "\"__type\":\"InvalidParameterException\"");
        assertRefusedInShape(logs("PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[1]}"),
                "\"__type\":\"SerializationException\"");
        assertRefusedInShape(logs("CreateLogGroup", "{\"logGroupName\":\"" + "g".repeat(513) + "\"}"),
                "\"__type\":\"InvalidParameterException\"");

        HttpResponse<String> xray = Hostile.signed(backends.httpBaseUrl(), "xray", "us-east-1", "/Traces",
                "{\"TraceIds\":null}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertRefusedInShape(xray, "\"message\"");
        assertThat(xray.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestException");

        for (String spec : List.of("{\"calculations\":[null]}", "{\"calculations\":\"x\"}", "{\"limit\":1e12}",
                "{\"time_range\":1e300}", "{\"filters\":[7]}")) {
            assertRefusedInShape(query(spec), "{\"error\":");
        }

        int http = backends.httpPort();
        // shorter than its Content-Length: the client stops sending and the body breaks off
        String shortBody = Hostile.raw(http, "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"resourceSpans\":");
        assertThat(Hostile.status(shortBody)).as(shortBody).isBetween(400, 499);
        assertThat(shortBody).doesNotContainPattern(Hostile.JAVA_TEXT).contains("\"code\":3");
        String badChunk = Hostile.raw(http, "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        assertThat(Hostile.status(badChunk)).as(badChunk).isBetween(400, 499);
        assertThat(badChunk).doesNotContainPattern(Hostile.JAVA_TEXT);
        for (String target : List.of("/v1//traces", "/v1/traces#frag", "/v1%2ftraces", "/%2e%2e/v1/traces", "/v1/traces%00")) {
            String answer = Hostile.raw(http, "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertThat(Hostile.status(answer)).as(target + ": " + answer).isBetween(200, 499);
            assertThat(answer).as(target).doesNotContainPattern(Hostile.JAVA_TEXT);
        }
        String hugeHeader = Hostile.raw(http, "POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(hugeHeader).doesNotContainPattern(Hostile.JAVA_TEXT);
        assertThat(Hostile.status(hugeHeader)).isIn(-1, 400, 431);
    }

    @Test
    void theStoreIsBoundedByBytesNotJustItems() throws Exception {
        start(16 * MIB, ListenOptions.DEFAULT_BODY_LIMIT);
        for (int i = 0; i < 24; i++) {
            HttpResponse<String> response = Hostile.post(url("/v1/traces"), "application/json",
                    Hostile.otlpJsonSpan(i + "x".repeat((int) MIB)).getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(response.statusCode()).as("span %d: %s", i, response.body()).isEqualTo(200);
        }
        Store store = backends.store();
        assertThat(store.bytes()).isPositive().isLessThanOrEqualTo(store.budget().keptCap());
        assertThat(store.counts().evicted()).as("the oldest large spans made room").isPositive();
        assertThat(store.counts().kept()).isLessThan(24);
    }

    @Test
    void aCompressionBombStopsAtTheBodyLimitOrTheBudgetInTheOtlpShape() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[(int) MIB];
            for (int i = 0; i < 19; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = compressed.toByteArray();
        start(16 * MIB, MIB);
        HttpResponse<String> limited = Hostile.post(url("/v1/traces"), "application/json", bomb, Map.of("Content-Encoding", "gzip"));
        assertThat(limited.statusCode()).isEqualTo(413);
        assertThat(limited.body()).contains("\"code\":8").doesNotContainPattern(Hostile.JAVA_TEXT);
        backends.close();

        start(16 * MIB, 20 * MIB);
        HttpResponse<String> budget = Hostile.post(url("/v1/traces"), "application/json", bomb, Map.of("Content-Encoding", "gzip"));
        assertThat(budget.statusCode()).as(budget.body()).isEqualTo(429);
        assertThat(budget.body()).contains("\"code\":14").doesNotContainPattern(Hostile.JAVA_TEXT);
        assertThat(budget.headers().firstValue("Retry-After")).isPresent();
        assertThat(Hostile.reservedWhenSettled(backends.store().budget())).as("everything reserved was given back").isZero();
    }

    @Test
    void theXrayReceiverOutlivesSegmentsPastTheBudget() throws Exception {
        start(16 * MIB, ListenOptions.DEFAULT_BODY_LIMIT);
        try (DatagramChannel udp = DatagramChannel.open()) {
            udp.connect(new InetSocketAddress("127.0.0.1", backends.udpPort()));
            String padding = "p".repeat(58 * 1024);
            for (int i = 0; i < 600; i++) {
                udp.write(ByteBuffer.wrap(segment(String.format("%016x", i), "big", padding)));
                if (i % 50 == 0) {
                    Thread.sleep(5); // let the receiver keep up: this is about memory, not the socket buffer
                }
            }
            byte[] last = segment("00000000000000ff", "after the flood \uD800", "");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (backends.store().find(StoredSegment.class, s -> s.id().equals("00000000000000ff")).isEmpty()
                    && System.nanoTime() < deadline) {
                udp.write(ByteBuffer.wrap(last));
                Thread.sleep(100);
            }
        }
        assertThat(backends.store().find(StoredSegment.class, s -> s.id().equals("00000000000000ff"))).isNotEmpty();
        assertThat(backends.store().bytes()).isLessThanOrEqualTo(backends.store().budget().keptCap());
        assertThat(Hostile.listenThreads()).contains("tracecheck-xray-udp");
    }

    private static byte[] segment(String id, String name, String padding) {
        double now = System.currentTimeMillis() / 1000.0;
        return ("{\"format\": \"json\", \"version\": 1}\n{\"trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\",\"id\":\""
                + id + "\",\"name\":" + Hostile.quote(name) + ",\"start_time\":" + now + ",\"end_time\":" + (now + 0.01)
                + ",\"annotations\":{\"pad\":\"" + padding + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignatureScopedToAnotherRegionOrServiceIsRefusedAsAwsDoes() throws Exception {
        start(64 * MIB, ListenOptions.DEFAULT_BODY_LIMIT);
        byte[] identity = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String base = backends.httpBaseUrl();
        assertThat(Hostile.signed(base, "sts", "eu-west-1", "/", identity, form).statusCode()).as("any real region").isEqualTo(200);

        HttpResponse<String> mars = Hostile.signed(base, "sts", "mars-1", "/", identity, form);
        assertThat(mars.statusCode()).isEqualTo(403);
        assertThat(mars.body()).contains("<Code>SignatureDoesNotMatch</Code>", "Credential should be scoped to a valid region");
        HttpResponse<String> s3 = Hostile.signed(base, "s3", "us-east-1", "/", identity, form);
        assertThat(s3.statusCode()).isEqualTo(403);
        assertThat(s3.body()).contains("<Code>SignatureDoesNotMatch</Code>", "Credential should be scoped to correct service: 'sts'.");

        HttpResponse<String> xray = Hostile.signed(base, "s3", "us-east-1", "/TraceSegments",
                "{\"TraceSegmentDocuments\":[]}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(xray.statusCode()).isEqualTo(403);
        assertThat(xray.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(xray.body()).contains("correct service: 'xray'");

        HttpResponse<String> logs = Hostile.signed(base, "logs", "mars-1", "/", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Logs_20140328.DescribeLogGroups"));
        assertThat(logs.statusCode()).isEqualTo(400);
        assertThat(logs.body()).contains("\"__type\":\"InvalidSignatureException\"", "valid region");
    }

    @Test
    void idleAndSlowClientsOnOnePortLeaveTheOtherPortAndASmallRequestAnswered() throws Exception {
        start(16 * MIB, ListenOptions.DEFAULT_BODY_LIMIT);
        List<Socket> held = new ArrayList<>();
        try {
            // more idle connections than the gRPC port takes (and than both once shared): they blocked the HTTP port too
            for (int i = 0; i < 600; i++) {
                Socket socket = new Socket();
                held.add(socket);
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", backends.grpcPort()), 200);
                } catch (java.io.IOException pastTheCap) {
                    // the port stopped accepting: expected
                }
            }
            // slow uploads on the HTTP port itself, each holding what it sent of a large body
            for (int i = 0; i < 4; i++) {
                Socket slow = new Socket("127.0.0.1", backends.httpPort());
                held.add(slow);
                OutputStream out = slow.getOutputStream();
                out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                        + "Content-Length: 15000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[(int) (1.5 * MIB)]);
                out.flush();
            }
            // and connections that never finish their headers
            for (int i = 0; i < 40; i++) {
                Socket loris = new Socket("127.0.0.1", backends.httpPort());
                held.add(loris);
                loris.getOutputStream().write("POST /v1/traces HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            HttpResponse<String> probe = Hostile.post(url("/v1/traces"), "application/json",
                    Hostile.otlpJsonSpan("probe").getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void loneSurrogatesFromEveryReceiverNeverStopTheJsonlFile(@TempDir Path dir) throws Exception {
        start(64 * MIB, ListenOptions.DEFAULT_BODY_LIMIT);
        Path file = dir.resolve("arrivals.jsonl");
        List<String> problems = new ArrayList<>();
        try (JsonlSink sink = new JsonlSink(file, problems::add)) {
            backends.store().onArrival(sink);
            assertThat(Hostile.post(url("/v1/traces"), "application/json",
                    Hostile.otlpJsonSpan("span \uD800").getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(200);
            String item = "{\"access_token\":\"" + AcceptedToken.defaults().get(0).token() + "\",\"data\":{\"environment\":"
                    + "\"test\",\"uuid\":" + Hostile.quote("uuid-\uDC00") + ",\"body\":{\"message\":{\"body\":"
                    + Hostile.quote("title \uD800") + "}}}}";
            HttpResponse<String> rollbar = Hostile.post(url("/api/1/item/"), "application/json",
                    item.getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(rollbar.statusCode()).as(rollbar.body()).isEqualTo(200);
            try (DatagramChannel udp = DatagramChannel.open()) {
                udp.send(ByteBuffer.wrap(segment("00000000000000aa", "segment \uD800", "")),
                        new InetSocketAddress("127.0.0.1", backends.udpPort()));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (backends.store().segments().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            sink.close();
            assertThat(sink.complete()).as("%s; %s", sink.summary(), problems).isTrue();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        for (String line : lines) {
            assertThat(JSON.std.mapFrom(line)).as(line).isNotNull();
        }
        assertThat(String.join("\n", lines)).contains("span ?", "segment ?", "uuid-?");
    }

    @Test
    void bindingBeyondLoopbackWarnsThatEverythingIsReachable(@TempDir Path home) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"listen", "--host", "0.0.0.0", "--http-port", "0", "--grpc-port", "0", "--udp-port", "0", "--for", "1s"};
        int exit = io.tracecheck.cli.CommandLines.create(new PrintWriter(out), new PrintWriter(err),
                io.tracecheck.TestCli.in(home).environment(), false, args).execute(args);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("warning: --host 0.0.0.0", "reachable from the network", "no access control");

        StringWriter quietErr = new StringWriter();
        String[] loopback = {"listen", "--http-port", "0", "--grpc-port", "0", "--udp-port", "0", "--for", "1s"};
        io.tracecheck.cli.CommandLines.create(new PrintWriter(new StringWriter()), new PrintWriter(quietErr),
                io.tracecheck.TestCli.in(home).environment(), false, loopback).execute(loopback);
        assertThat(quietErr.toString()).doesNotContain("reachable from the network");
    }
}
