package io.tracecheck.listen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracecheck.grpc.GrpcWire;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.RawH2c;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded fuzz run against every receiver of listen: OTLP/HTTP protobuf and JSON, gRPC frames,
 * X-Ray datagrams, STS, the X-Ray API, CloudWatch Logs, Honeycomb, Rollbar and raw HTTP/1.1, while
 * idle and slowloris clients hold connections on every port. Every answer must be below 500 and
 * free of Java exception text, a valid export sent meanwhile must be answered 200, and no thread of
 * listen may die.
 * <p>
 * Deterministic: {@code -Dfuzz.seed} (printed on failure), {@code -Dfuzz.inputs} per endpoint (300 in
 * the build; {@code scripts/fuzz} runs thousands against the launcher's listen, named by
 * {@code -Dfuzz.http}, {@code -Dfuzz.grpc}, {@code -Dfuzz.udp}, and writes {@code -Dfuzz.report}).
 */
@Tag("fuzz")
class ListenFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 16_2026L);
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 300);
    private static final String HOST = "127.0.0.1";
    private static final byte[][] TOKENS = {"null".getBytes(), "[".getBytes(), "{".getBytes(), "}".getBytes(),
            "1e999".getBytes(), "-1".getBytes(), "99999999999999999999".getBytes(), "\"\\ud800\"".getBytes(),
            "\"\"".getBytes(), "\"x\"".getBytes(), ",".getBytes(), "true".getBytes(), "%zz".getBytes(), "\u0000".getBytes(),
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".getBytes(), "1.5".getBytes(), "0".getBytes()};

    private int httpPort;
    private int grpcPort;
    private int udpPort;
    private String base;

    /** One endpoint's tally. */
    private static final class Tally {
        final AtomicLong inputs = new AtomicLong();
        final AtomicLong worstNanos = new AtomicLong();
        final Map<Integer, Integer> statuses = Collections.synchronizedMap(new java.util.TreeMap<>());

        void count(int status, long nanos) {
            inputs.incrementAndGet();
            worstNanos.accumulateAndGet(nanos, Math::max);
            statuses.merge(status, 1, Integer::sum);
        }
    }

    private final Map<String, Tally> tallies = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyReceiverAnswersHostileInputInItsShapeAndListenStaysUp() throws Exception {
        LocalBackends inProcess = null;
        if (System.getProperty("fuzz.http") != null) {
            httpPort = Integer.getInteger("fuzz.http");
            grpcPort = Integer.getInteger("fuzz.grpc");
            udpPort = Integer.getInteger("fuzz.udp");
        } else {
            inProcess = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC());
            httpPort = inProcess.httpPort();
            grpcPort = inProcess.grpcPort();
            udpPort = inProcess.udpPort();
        }
        base = "http://" + HOST + ":" + httpPort;
        AtomicBoolean running = new AtomicBoolean(true);
        List<Socket> held = new ArrayList<>();
        Thread prober = new Thread(() -> probe(running), "fuzz-prober");
        try {
            holdIdleAndSlowClients(held);
            prober.start();
            fuzz("otlp-http-protobuf", this::otlpProtobuf);
            fuzz("otlp-http-json", this::otlpJson);
            fuzz("otlp-grpc", this::grpc);
            fuzz("xray-udp", this::datagram);
            fuzz("sts", this::sts);
            fuzz("xray-api", this::xrayApi);
            fuzz("cloudwatch-logs", this::logs);
            fuzz("honeycomb", this::honeycomb);
            fuzz("rollbar", this::rollbar);
            fuzz("raw-http", this::rawHttp);
            holdIdleAndSlowClients(held); // renewed: the header timeout has cut the first ones by now
            fuzz("otlp-http-json-after-renewal", this::otlpJson);
        } finally {
            running.set(false);
            prober.join(Duration.ofMinutes(2).toMillis());
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(receiverStillTakesSegments()).as("the X-Ray UDP receiver still takes segments").isTrue();
        if (inProcess != null) {
            assertThat(Hostile.listenThreads()).as("listen's threads").contains("tracecheck-xray-udp")
                    .anyMatch(name -> name.startsWith("tracecheck-listen-") && !name.startsWith("tracecheck-listen-scheduler"));
            // the slow clients' part-read requests stay reserved until the server has seen their sockets close
            assertThat(Hostile.reservedWhenSettled(inProcess.store().budget())).as("every reservation given back").isZero();
            inProcess.close();
        }
        String report = report();
        System.out.println(report);
        String file = System.getProperty("fuzz.report");
        if (file != null) {
            Files.writeString(Path.of(file), report);
        }
        assertThat(failures).as("seed %d (rerun with -Dfuzz.seed=%d -Dfuzz.inputs=%d)", SEED, SEED, INPUTS).isEmpty();
    }

    private String report() {
        StringBuilder out = new StringBuilder("seed " + SEED + ", " + INPUTS + " inputs per endpoint\n");
        tallies.forEach((name, tally) -> out.append(String.format("%-30s %6d inputs  worst %6d ms  statuses %s%n", name,
                tally.inputs.get(), tally.worstNanos.get() / 1_000_000, tally.statuses)));
        return out.toString();
    }

    @FunctionalInterface
    private interface Input {
        /** Sends one input made from {@code random}; returns the status answered (0: none expected), else records a failure. */
        int send(Random random, int index) throws Exception;
    }

    private void fuzz(String endpoint, Input input) {
        String only = System.getProperty("fuzz.only");
        if (only != null && !endpoint.startsWith(only)) {
            return;
        }
        Random random = new Random(SEED ^ endpoint.hashCode());
        Tally tally = tallies.computeIfAbsent(endpoint, e -> new Tally());
        for (int i = 0; i < INPUTS; i++) {
            long start = System.nanoTime();
            try {
                int status = input.send(random, i);
                tally.count(status, System.nanoTime() - start);
                if (status >= 500) {
                    failures.add(endpoint + " #" + i + ": status " + status);
                }
            } catch (Exception e) {
                tally.count(-1, System.nanoTime() - start);
                failures.add(endpoint + " #" + i + ": " + e);
            }
        }
    }

    private void check(String endpoint, int index, String answer) {
        if (answer != null && Hostile.JAVA_TEXT.matcher(answer).find()) {
            failures.add(endpoint + " #" + index + ": Java text in " + cut(answer));
        }
    }

    private static String cut(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** A valid export every quarter second while the load runs: each must be answered 200. */
    private void probe(AtomicBoolean running) {
        Tally tally = tallies.computeIfAbsent("valid probe under load", e -> new Tally());
        while (running.get()) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> answer = Hostile.post(base + "/v1/traces", "application/json",
                        Hostile.otlpJsonSpan("probe").getBytes(StandardCharsets.UTF_8), Map.of());
                tally.count(answer.statusCode(), System.nanoTime() - start);
                if (answer.statusCode() != 200) {
                    failures.add("valid probe answered " + answer.statusCode() + ": " + cut(answer.body()));
                }
                Thread.sleep(250);
            } catch (IOException e) {
                failures.add("valid probe not answered: " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void holdIdleAndSlowClients(List<Socket> held) {
        for (int port : new int[] {httpPort, grpcPort, udpPort}) {
            for (int i = 0; i < 30; i++) {
                try {
                    Socket socket = new Socket();
                    held.add(socket);
                    socket.connect(new InetSocketAddress(HOST, port), 2000);
                    if (i % 2 == 0) {
                        // slowloris: half a request, never finished
                        socket.getOutputStream().write("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 9999\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException pastTheCap) {
                    // a port that stopped accepting is what a cap does
                }
            }
        }
    }

    // ---- mutation ----

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = data.length == 0 ? 0 : random.nextInt(data.length);
            switch (random.nextInt(8)) {
                case 0 -> { // flip bytes
                    for (int i = 0; i < 1 + random.nextInt(8) && data.length > 0; i++) {
                        data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    continue;
                }
                case 1 -> out.write(data, 0, at); // truncate
                case 2 -> { // insert a token
                    out.write(data, 0, at);
                    out.writeBytes(TOKENS[random.nextInt(TOKENS.length)]);
                    out.write(data, at, data.length - at);
                }
                case 3 -> { // replace a span with a token
                    int end = Math.min(data.length, at + random.nextInt(16));
                    out.write(data, 0, at);
                    out.writeBytes(TOKENS[random.nextInt(TOKENS.length)]);
                    out.write(data, end, data.length - end);
                }
                case 4 -> { // duplicate a slice
                    int end = Math.min(data.length, at + random.nextInt(64));
                    out.write(data, 0, end);
                    out.write(data, at, data.length - at);
                }
                case 5 -> { // random bytes
                    byte[] noise = new byte[random.nextInt(256)];
                    random.nextBytes(noise);
                    out.write(data, 0, at);
                    out.writeBytes(noise);
                }
                case 6 -> { // a long string
                    out.write(data, 0, at);
                    out.writeBytes(("\"" + "x".repeat(random.nextInt(100_000)) + "\"").getBytes(StandardCharsets.US_ASCII));
                    out.write(data, at, data.length - at);
                }
                default -> { // deep nesting
                    out.write(data, 0, at);
                    out.writeBytes("[".repeat(1 + random.nextInt(5000)).getBytes(StandardCharsets.US_ASCII));
                    out.write(data, at, data.length - at);
                }
            }
            data = out.toByteArray();
        }
        return data;
    }

    private static byte[] compress(String encoding, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zip = encoding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }

    private static final byte[] PROTOBUF_TRACE = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue("fuzz"))))
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                    .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16])).setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[8]))
                    .setName("fuzz span").setStartTimeUnixNano(1).setEndTimeUnixNano(2))))
            .build().toByteArray();

    private int otlpProtobuf(Random random, int index) throws Exception {
        byte[] body = mutate(random, PROTOBUF_TRACE);
        String encoding = List.of("", "", "gzip", "deflate", "br").get(random.nextInt(5));
        if (encoding.equals("gzip") || encoding.equals("deflate")) {
            body = random.nextBoolean() ? compress(encoding, body) : mutate(random, compress(encoding, PROTOBUF_TRACE));
        }
        String path = List.of("/v1/traces", "/v1/logs", "/v1/metrics").get(random.nextInt(3));
        HttpResponse<String> answer = Hostile.post(base + path, "application/x-protobuf", body,
                encoding.isEmpty() ? Map.of() : Map.of("Content-Encoding", encoding));
        check("otlp-http-protobuf", index, answer.body());
        return answer.statusCode();
    }

    private int otlpJson(Random random, int index) throws Exception {
        byte[] body = mutate(random, OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8));
        String path = List.of("/v1/traces", "/v1/logs", "/v1/metrics").get(random.nextInt(3));
        HttpResponse<String> answer = Hostile.post(base + path, "application/json", body, Map.of());
        check("otlp-http-json", index, answer.body());
        return answer.statusCode();
    }

    private int grpc(Random random, int index) throws Exception {
        byte[] message = random.nextInt(4) == 0 ? mutate(random, GrpcWire.frame(PROTOBUF_TRACE))
                : GrpcWire.frame(mutate(random, PROTOBUF_TRACE));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/grpc");
        headers.put("te", "trailers");
        if (random.nextInt(4) == 0) {
            headers.put("grpc-encoding", List.of("gzip", "deflate", "snappy", "identity").get(random.nextInt(4)));
        }
        String path = List.of("/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
                "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/x.Y/Z").get(random.nextInt(4));
        HttpAnswer answer = RawH2c.post(HOST, grpcPort, path, headers, message, 30_000);
        check("otlp-grpc", index, answer.headers().getOrDefault("grpc-message", "") + new String(answer.body(), StandardCharsets.ISO_8859_1));
        return answer.status();
    }

    private static final byte[] SEGMENT = ("{\"format\": \"json\", \"version\": 1}\n{\"trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\","
            + "\"id\":\"53995c3f42cd8ad8\",\"name\":\"fuzz\",\"start_time\":1.0,\"end_time\":2.0,\"subsegments\":[{\"id\":"
            + "\"53995c3f42cd8ad9\",\"name\":\"child\",\"start_time\":1.0,\"end_time\":1.5}]}").getBytes(StandardCharsets.UTF_8);

    private int datagram(Random random, int index) throws Exception {
        byte[] data = mutate(random, SEGMENT);
        try (DatagramChannel udp = DatagramChannel.open()) {
            udp.send(ByteBuffer.wrap(data, 0, Math.min(data.length, 65_507)), new InetSocketAddress(HOST, udpPort));
        }
        return 0;
    }

    private boolean receiverStillTakesSegments() throws Exception {
        // a segment answered back by the X-Ray API proves the UDP receiver took it
        String id = String.format("%016x", SEED & 0xffffffffffffL);
        byte[] segment = new String(SEGMENT, StandardCharsets.UTF_8).replace("53995c3f42cd8ad8", id)
                .replace("1-5759e988-bd862e3fe1be46a994272793", "1-5759e988-00000000000000000000f022").getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (DatagramChannel udp = DatagramChannel.open()) {
                udp.send(ByteBuffer.wrap(segment), new InetSocketAddress(HOST, udpPort));
            }
            HttpResponse<String> traces = Hostile.signed(base, "xray", "us-east-1", "/Traces",
                    "{\"TraceIds\":[\"1-5759e988-00000000000000000000f022\"]}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            if (traces.body().contains(id)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private int sts(Random random, int index) throws Exception {
        byte[] body = mutate(random, "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String authorization = new String(mutate(random, ("AWS4-HMAC-SHA256 Credential=AKIATRACECHECKLOCAL1/20260101/"
                + "us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00").getBytes()), StandardCharsets.ISO_8859_1)
                .replaceAll("[\\r\\n\\x00-\\x1f\\x7f-\\xff]", "");
        HttpResponse<String> answer;
        boolean unsigned = random.nextInt(5) == 0;
        try {
            answer = unsigned
                    ? Hostile.post(base + "/", "application/x-www-form-urlencoded", body, Map.of("Authorization", authorization))
                    : Hostile.signed(base, random.nextInt(10) == 0 ? "s3" : "sts",
                    random.nextInt(10) == 0 ? "mars-1" : "us-east-1", "/", body, headers);
        } catch (IOException e) {
            if (unsigned && authorization.length() > 16 * 1024) {
                // headers past the stated 16 KiB limit: the 431 may be lost to the client's own reset while it sends
                return -1;
            }
            throw new IOException(e.getMessage() + " for body " + cut(new String(body, StandardCharsets.ISO_8859_1))
                    + " / authorization " + cut(authorization), e);
        }
        check("sts", index, answer.body());
        return answer.statusCode();
    }

    private static final Map<String, String> XRAY = Map.of(
            "/TraceSegments", "{\"TraceSegmentDocuments\":[\"{\\\"trace_id\\\":\\\"1-5759e988-bd862e3fe1be46a994272793\\\",\\\"id\\\":\\\"53995c3f42cd8ad8\\\",\\\"name\\\":\\\"a\\\",\\\"start_time\\\":1,\\\"end_time\\\":2}\"]}",
            "/Traces", "{\"TraceIds\":[\"1-5759e988-bd862e3fe1be46a994272793\"]}",
            "/TraceSummaries", "{\"StartTime\":1,\"EndTime\":99999999999,\"FilterExpression\":\"annotation.tracecheck_probe = true\"}",
            "/GetGroup", "{\"GroupName\":\"Default\"}",
            "/Groups", "{}",
            "/CreateGroup", "{\"GroupName\":\"g1\",\"FilterExpression\":\"service(\\\"x\\\")\"}",
            "/GetSamplingRules", "{}",
            "/SamplingTargets", "{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"Default\",\"ClientID\":\"abc\",\"Timestamp\":1,\"RequestCount\":1,\"SampledCount\":1,\"BorrowCount\":0}]}",
            "/GetTraceSegmentDestination", "{}");
    private static final List<String> XRAY_PATHS = XRAY.keySet().stream().sorted().toList();

    private int xrayApi(Random random, int index) throws Exception {
        String path = XRAY_PATHS.get(random.nextInt(XRAY_PATHS.size()));
        byte[] body = mutate(random, XRAY.get(path).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = Hostile.signed(base, "xray", "us-east-1", path, body, Map.of("Content-Type", "application/json"));
        check("xray-api", index, answer.body() + answer.headers().firstValue("x-amzn-ErrorType").orElse(""));
        return answer.statusCode();
    }

    private static final Map<String, String> LOGS = Map.of(
            "CreateLogGroup", "{\"logGroupName\":\"fuzz\"}",
            "CreateLogStream", "{\"logGroupName\":\"fuzz\",\"logStreamName\":\"s\"}",
            "DescribeLogGroups", "{\"logGroupNamePrefix\":\"f\"}",
            "DescribeLogStreams", "{\"logGroupName\":\"fuzz\",\"logStreamNamePrefix\":\"s\"}",
            "PutLogEvents", "{\"logGroupName\":\"fuzz\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":" + System.currentTimeMillis() + ",\"message\":\"m\"}]}",
            "GetLogEvents", "{\"logGroupName\":\"fuzz\",\"logStreamName\":\"s\",\"nextToken\":\"f/0\",\"limit\":5}",
            "FilterLogEvents", "{\"logGroupName\":\"fuzz\",\"filterPattern\":\"m\"}");
    private static final List<String> LOG_OPS = LOGS.keySet().stream().sorted().toList();

    private int logs(Random random, int index) throws Exception {
        String op = LOG_OPS.get(random.nextInt(LOG_OPS.size()));
        byte[] body = random.nextInt(4) == 0 ? LOGS.get(op).getBytes(StandardCharsets.UTF_8)
                : mutate(random, LOGS.get(op).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = Hostile.signed(base, "logs", "us-east-1", "/", body,
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Logs_20140328." + op));
        check("cloudwatch-logs", index, answer.body());
        return answer.statusCode();
    }

    private static final String QUERY = "{\"calculations\":[{\"op\":\"COUNT\"},{\"op\":\"MAX\",\"column\":\"duration_ms\"}],"
            + "\"filters\":[{\"column\":\"name\",\"op\":\"=\",\"value\":\"x\"}],\"breakdowns\":[\"service.name\"],"
            + "\"orders\":[{\"op\":\"COUNT\",\"order\":\"descending\"}],\"limit\":10,\"time_range\":7200,\"granularity\":60}";

    private int honeycomb(Random random, int index) throws Exception {
        Map<String, String> key = Map.of("X-Honeycomb-Team", AcceptedKey.LOCAL_CONFIGURATION.key());
        HttpResponse<String> answer;
        switch (random.nextInt(4)) {
            case 0 -> answer = Hostile.get(base + "/1/auth", random.nextBoolean() ? key
                    : Map.of("X-Honeycomb-Team", new String(mutate(random, "abc".getBytes()), StandardCharsets.ISO_8859_1)
                    .replaceAll("[\\x00-\\x1f\\x7f-\\xff]", "")));
            case 1 -> answer = Hostile.post(base + "/1/queries/__all__", "application/json",
                    mutate(random, QUERY.getBytes(StandardCharsets.UTF_8)), key);
            case 2 -> {
                HttpResponse<String> query = Hostile.post(base + "/1/queries/__all__", "application/json",
                        random.nextBoolean() ? QUERY.getBytes(StandardCharsets.UTF_8) : mutate(random, QUERY.getBytes(StandardCharsets.UTF_8)), key);
                check("honeycomb", index, query.body());
                String id = query.body().replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
                answer = Hostile.post(base + "/1/query_results/__all__", "application/json",
                        mutate(random, ("{\"query_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)), key);
            }
            default -> {
                HttpResponse<String> query = Hostile.post(base + "/1/queries/__all__", "application/json",
                        mutate(random, QUERY.getBytes(StandardCharsets.UTF_8)), key);
                String id = query.body().replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
                HttpResponse<String> result = Hostile.post(base + "/1/query_results/__all__", "application/json",
                        ("{\"query_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), key);
                String resultId = result.body().replaceAll(".*\"id\":\"([^\"]*)\".*", "$1").replaceAll("[^A-Za-z0-9]", "");
                answer = Hostile.get(base + "/1/query_results/__all__/" + (resultId.isEmpty() ? "r0" : resultId), key);
            }
        }
        check("honeycomb", index, answer.body());
        return answer.statusCode();
    }

    private static final String ITEM = "{\"access_token\":\"" + AcceptedToken.defaults().get(0).token() + "\",\"data\":{"
            + "\"environment\":\"fuzz\",\"level\":\"error\",\"uuid\":\"0b5e6a04-6b1c-4b4b-9f3c-0b5e6a046b1c\",\"platform\":"
            + "\"linux\",\"body\":{\"trace\":{\"frames\":[{\"filename\":\"a.py\",\"lineno\":1}],\"exception\":{\"class\":"
            + "\"E\",\"message\":\"m\"}}}}}";

    private int rollbar(Random random, int index) throws Exception {
        HttpResponse<String> answer = random.nextInt(5) == 0
                ? Hostile.get(base + "/api/1/item_by_uuid?uuid=" + java.net.URLEncoder.encode(new String(mutate(random,
                "0b5e6a04".getBytes()), StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                Map.of("X-Rollbar-Access-Token", AcceptedToken.defaults().get(0).token()))
                : Hostile.post(base + "/api/1/item/", "application/json", mutate(random, ITEM.getBytes(StandardCharsets.UTF_8)), Map.of());
        check("rollbar", index, answer.body());
        return answer.statusCode();
    }

    private static final String RAW = "POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
    private static final List<String> TARGETS = List.of("/v1//traces", "/v1/traces#frag", "/v1%2ftraces", "/%2e%2e/",
            "/api/1/item/%zz", "/1/queries/%", "//", "/v1/traces?x=%", "*", "http://x/v1/traces", "/\u00ff");

    private int rawHttp(Random random, int index) throws Exception {
        String request = RAW;
        if (random.nextBoolean()) {
            request = request.replace("/v1/traces", TARGETS.get(random.nextInt(TARGETS.size())));
        }
        byte[] bytes = random.nextInt(3) == 0 ? request.getBytes(StandardCharsets.ISO_8859_1)
                : mutate(random, request.getBytes(StandardCharsets.ISO_8859_1));
        if (random.nextInt(6) == 0) {
            bytes = ("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n" + List.of("zz\r\n", "ffffffffffffffff\r\nab", "2\r\n{}\r\n", "-1\r\n")
                    .get(random.nextInt(4)) + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        String answer = Hostile.raw(httpPort, bytes, Duration.ofSeconds(30));
        check("raw-http", index, answer);
        int status = Hostile.status(answer);
        return Math.max(status, 0); // a connection closed without an answer is an answer to garbage
    }

    static Set<String> names() {
        return Set.of();
    }
}
