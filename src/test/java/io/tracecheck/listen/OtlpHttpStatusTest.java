package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** OTLP/HTTP answers as a collector does, for good bodies and for every kind of bad one. */
class OtlpHttpStatusTest {

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension(() -> LocalBackends.start(ListenOptions.ephemeral().withBodyLimit(64 * 1024), Clock.systemUTC()));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handWrittenJsonIsDecodedPerTheSpec() throws Exception {
        HttpResponse<String> response = post("/v1/traces", "application/json; charset=utf-8",
                OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{}");
        var spans = listen.backends().store().spansOfTrace("5b8efff798038103d269b633813fc60c");
        assertThat(spans).extracting(StoredSpan::name).containsExactly("GET /users", "SELECT users");
        assertThat(spans.get(0).attributes()).containsEntry("http.status_code", "200").containsEntry("ok", "true");
        assertThat(spans.get(0).span().getStatus().getCodeValue()).isEqualTo(1);
        assertThat(spans.get(1).parentSpanId()).isEqualTo("eee19b7ec3c1b174");
        assertThat(spans.get(1).span().getStartTimeUnixNano()).isEqualTo(1544712660100000000L);
        assertThat(spans.get(0).service()).isEqualTo("flask-backend");
    }

    @Test
    void gzipJsonIsDecoded() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(post("/v1/traces", "application/json", gz.toByteArray(), "Content-Encoding", "gzip").statusCode())
                .isEqualTo(200);
        assertThat(listen.backends().store().spans()).hasSize(2);
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = post("/v1/traces", "text/plain", "hello".getBytes());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("application/x-protobuf and application/json");
        assertThat(post("/v1/traces", null, new byte[] {1}).statusCode()).isEqualTo(415);
    }

    /** Ids of a length the Collector refuses make the request undecodable; empty ids pass, as they do there. */
    @Test
    void idsOfTheWrongLengthAre400InBothEncodings() throws Exception {
        byte[] twelveByteSpanId = OtlpSamples.spansWithIds(new byte[][] {OtlpSamples.id(16), OtlpSamples.id(16)},
                new byte[][] {OtlpSamples.id(8), OtlpSamples.id(12)});
        HttpResponse<String> protobuf = post("/v1/traces", "application/x-protobuf", twelveByteSpanId);
        assertThat(protobuf.statusCode()).isEqualTo(400);
        assertThat(protobuf.body()).contains("resourceSpans[0].scopeSpans[0].spans[1].spanId is 12 bytes: a span id is 8 bytes");

        HttpResponse<String> shortTraceId = post("/v1/traces", "application/json", ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":"
                + "[{\"traceId\":\"4b930f3801675ebe7b7ff66387b9a9\",\"spanId\":\"c2478c0315b04d20\",\"name\":\"x\"}]}]}]}").getBytes());
        assertThat(shortTraceId.statusCode()).isEqualTo(400);
        assertThat(shortTraceId.body()).contains("\"code\":3")
                .contains("spans[0].traceId is 15 bytes: a trace id is 16 bytes (32 hex digits in OTLP/JSON), or empty");

        HttpResponse<String> base64 = post("/v1/traces", "application/json", ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":"
                + "[{\"traceId\":\"S5MPOAFnXr57f/Njh7mp+w==\",\"spanId\":\"wkePAxWwTSA=\",\"name\":\"x\"}]}]}]}").getBytes());
        assertThat(base64.statusCode()).isEqualTo(400);
        assertThat(base64.body()).contains("spans[0].traceId is not hex").contains("not base64");

        HttpResponse<String> badLog = post("/v1/logs", "application/json", ("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":"
                + "[{\"traceId\":\"4b930f3801675ebe7b7ff66387b9a9fb\",\"spanId\":\"c247\"}]}]}]}").getBytes());
        assertThat(badLog.statusCode()).isEqualTo(400);
        assertThat(badLog.body()).contains("logRecords[0].spanId is 2 bytes");

        assertThat(listen.backends().store().spans()).as("nothing of a refused request is kept").isEmpty();
        assertThat(listen.backends().store().counts().malformed()).isEqualTo(4);

        HttpResponse<String> empty = post("/v1/traces", "application/json",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"\",\"spanId\":\"\",\"name\":\"no ids\"}]}]}]}".getBytes());
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(listen.backends().store().spans()).hasSize(1);
    }

    @Test
    void garbageAndTruncatedBodiesAre400() throws Exception {
        assertThat(post("/v1/traces", "application/x-protobuf", "garbage!!".getBytes()).statusCode()).isEqualTo(400);
        byte[] valid = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                        .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                                .addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder().setName("a-rather-long-span-name")
                                        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16])))))
                .build().toByteArray();
        assertThat(post("/v1/traces", "application/x-protobuf", Arrays.copyOf(valid, valid.length - 7)).statusCode())
                .isEqualTo(400);
        HttpResponse<String> badJson = post("/v1/traces", "application/json", "{\"resourceSpans\":[{".getBytes());
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("\"code\":3").contains("not valid JSON");
        HttpResponse<String> badId = post("/v1/traces", "application/json",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}".getBytes());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("resourceSpans[0].scopeSpans[0].spans[0].traceId");
        assertThat(post("/v1/traces", "application/json", new byte[] {0x1f, (byte) 0x8b, 1}, "Content-Encoding", "gzip")
                .statusCode()).isEqualTo(400);
        assertThat(listen.backends().store().spans()).isEmpty();
        assertThat(listen.backends().store().counts().malformed()).isEqualTo(5);
    }

    @Test
    void oversizedBodiesAre413EvenWhenCompressed() throws Exception {
        byte[] big = new byte[200 * 1024];
        assertThat(post("/v1/traces", "application/x-protobuf", big).statusCode()).isEqualTo(413);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            out.write(new byte[5 * 1024 * 1024]);
        }
        assertThat(bomb.size()).isLessThan(64 * 1024);
        assertThat(post("/v1/traces", "application/x-protobuf", bomb.toByteArray(), "Content-Encoding", "gzip").statusCode())
                .isEqualTo(413);
    }

    @Test
    void wrongMethodIs405AndUnknownPathIs404() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + "/v1/traces")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(post("/v2/traces", "application/x-protobuf", new byte[0]).statusCode()).isEqualTo(404);
        assertThat(post("/v1/unknown", "application/x-protobuf", new byte[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void logsAndMetricsAreAcceptedAndCounted() throws Exception {
        String logs = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
                 "scopeLogs":[{"logRecords":[{"severityText":"ERROR","body":{"stringValue":"payment failed"},
                 "traceId":"5b8efff798038103d269b633813fc60c"}]}]}]}""";
        assertThat(post("/v1/logs", "application/json", logs.getBytes()).statusCode()).isEqualTo(200);
        String metrics = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"requests","sum":{"dataPoints":[{"asInt":"3"},{"asInt":"4"}],
                 "aggregationTemporality":2,"isMonotonic":true}}]}]}]}""";
        assertThat(post("/v1/metrics", "application/json", metrics.getBytes()).statusCode()).isEqualTo(200);
        assertThat(listen.backends().store().find(StoredLogRecord.class, r -> true)).extracting(StoredLogRecord::body)
                .containsExactly("payment failed");
        assertThat(listen.backends().store().find(StoredMetrics.class, m -> true)).extracting(StoredMetrics::dataPoints)
                .containsExactly(2);
    }

    @Test
    void theStoreIsBoundedAndCountsEvictions() throws Exception {
        listen.restart(() -> LocalBackends.start(ListenOptions.ephemeral().withMaxItems(3), Clock.systemUTC()));
        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/traces", "application/json", OtlpSamples.JSON_TRACE.getBytes()).statusCode()).isEqualTo(200);
        }
        Store.Counts counts = listen.backends().store().counts();
        assertThat(counts.received()).isEqualTo(6);
        assertThat(counts.kept()).isEqualTo(3);
        assertThat(counts.evicted()).isEqualTo(3);
        assertThat(listen.backends().store().spans()).hasSize(3);
    }
}
