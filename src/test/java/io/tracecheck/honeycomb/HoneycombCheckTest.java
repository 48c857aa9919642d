package io.tracecheck.honeycomb;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.StoredSpan;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck honeycomb through the command line, against the local backends and a fault-injecting server. */
class HoneycombCheckTest {
    private static final String CONFIG_KEY = AcceptedKey.LOCAL_CONFIGURATION.key();
    private static final String INGEST_KEY = AcceptedKey.LOCAL_INGEST.key();

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    /** An app configured for the local backend's Honeycomb, as --print-env sets it. */
    private TestCli app(String key) {
        return TestCli.in(home)
                .env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl())
                .env("HONEYCOMB_API_KEY", key)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().httpBaseUrl())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key)
                .env("OTEL_SERVICE_NAME", "flask-backend");
    }

    private static void assertNoSecret(TestCli.Result result, String... secrets) {
        for (String secret : secrets) {
            assertThat(result.all()).as("no secret in %s", result).doesNotContain(secret);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> artifacts(TestCli.Result result) {
        List<Map<String, Object>> checks = (List<Map<String, Object>>) result.json().get("checks");
        return (Map<String, String>) checks.get(0).get("artifacts");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http/protobuf", "http/json", "grpc"})
    void theProbeArrivesOverEachProtocol(String protocol) {
        TestCli app = app(CONFIG_KEY).env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        if (protocol.equals("grpc")) {
            app.env("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().grpcUrl());
        }
        TestCli.Result result = app.run("honeycomb", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, String> artifacts = artifacts(result);
        List<StoredSpan> spans = listen.backends().store().spansOfTrace(artifacts.get("trace_id"));
        assertThat(spans).extracting(StoredSpan::name).containsExactlyInAnyOrder("tracecheck probe", "tracecheck probe child");
        StoredSpan root = spans.stream().filter(StoredSpan::isRoot).findFirst().orElseThrow();
        assertThat(root.attributes()).containsEntry("tracecheck.probe", "true")
                .containsEntry("tracecheck.run_id", (String) result.json().get("run_id"));
        assertThat(root.service()).isEqualTo("flask-backend");
        assertThat(root.dataset()).isEqualTo("flask-backend");
        assertThat(root.environment()).isEqualTo("local");
        assertThat(artifacts).containsEntry("team", "tracecheck-local").containsEntry("environment", "local")
                .containsEntry("dataset", "flask-backend").containsKey("link");
        assertNoSecret(result, CONFIG_KEY);
    }

    @Test
    void verifyFindsTheProbeAndTheTextReportShowsEverything() {
        TestCli.Result result = app(CONFIG_KEY).run("honeycomb", "--verify");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("authenticate: team tracecheck local, environment local, configuration key")
                .contains("verify: found 2 spans in dataset flask-backend").contains("trace_id: ")
                .contains("link: " + listen.backends().httpBaseUrl() + "/tracecheck/traces/").contains("team: tracecheck-local");
        assertNoSecret(result, CONFIG_KEY);
    }

    @Test
    void anIngestKeyCannotReadBack() {
        TestCli.Result result = app(INGEST_KEY).run("honeycomb", "--verify", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.queries-unavailable");
        assertThat(result.exitCode()).isZero();
        assertNoSecret(result, INGEST_KEY);
    }

    @Test
    void verifyGivesUpWithNotFound() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String base = server.url("/").toString().replaceAll("/$", "");
            String auth = "{\"type\":\"configuration\",\"api_key_access\":{\"events\":true,\"queries\":true},"
                    + "\"environment\":{\"name\":\"dev\",\"slug\":\"dev\"},\"team\":{\"name\":\"t\",\"slug\":\"t\"}}";
            server.enqueue(json(200, auth));
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build());
            for (int i = 0; i < 20; i++) {
                server.enqueue(json(200, "{\"id\":\"q1\"}"));
                server.enqueue(json(201, "{\"id\":\"r1\",\"complete\":true,\"data\":{\"results\":[{\"data\":{\"COUNT\":0}}]}}"));
            }
            TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", base).env("HONEYCOMB_API_KEY", CONFIG_KEY)
                    .env("OTEL_SERVICE_NAME", "web").env("OTEL_EXPORTER_OTLP_ENDPOINT", base)
                    .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + CONFIG_KEY)
                    .run("honeycomb", "--verify", "--verify-timeout", "2s", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.not-found");
            assertThat(result.exitCode()).isEqualTo(1);
            assertNoSecret(result, CONFIG_KEY);
        }
    }

    @Test
    void anUnknownKeyIsRejected() {
        String unknown = "hcaik_01unknownkeyuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu";
        TestCli.Result result = app(unknown).run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.key-rejected");
        assertThat(result.problems().get(0).get("message").toString()).contains("unknown API key");
        assertThat(result.exitCode()).isEqualTo(1);
        assertNoSecret(result, unknown);
    }

    @Test
    void aKeyOfTheOtherRegionNamesTheEndpointToUse() throws Exception {
        String euKey = "hcxik_01eukeyeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
        try (LocalBackends eu = LocalBackends.start(ListenOptions.ephemeral()
                .withHoneycombKeys(List.of(AcceptedKey.parse(euKey + ":ingest")), false), Clock.systemUTC())) {
            TestCli.Result result = app(euKey).env("TRACECHECK_HONEYCOMB_OTHER_ENDPOINT", eu.httpBaseUrl())
                    .run("honeycomb", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.key-wrong-region");
            Map<String, Object> problem = result.problems().get(0);
            assertThat(problem.get("message").toString()).contains("valid at " + eu.httpBaseUrl());
            assertThat(problem.get("fix").toString()).contains("export HONEYCOMB_API_ENDPOINT=" + eu.httpBaseUrl());
            assertThat(listen.backends().store().spans()).isEmpty();
            assertNoSecret(result, euKey);
        }
    }

    @Test
    void aKeyWithoutSendEventsIsRefusedBeforeSending() throws Exception {
        String readOnly = "ReadOnlyConfigKey12345";
        listen.restart(() -> LocalBackends.start(ListenOptions.ephemeral().withHoneycombKeys(
                List.of(AcceptedKey.parse(readOnly + ":configuration:queries")), false), Clock.systemUTC()));
        TestCli.Result result = app(readOnly).run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.key-permission");
        assertThat(result.problems().get(0).get("message").toString()).contains("\"Send Events\"");
        assertNoSecret(result, readOnly);
    }

    @Test
    void aClassicKeyWithoutDatasetIsRefusedByTheServer() throws Exception {
        String oddClassic = "classic-style-key-of-odd-shape";
        listen.restart(() -> LocalBackends.start(ListenOptions.ephemeral().withHoneycombKeys(
                List.of(AcceptedKey.parse(oddClassic + ":classic:events")), false), Clock.systemUTC()));
        TestCli.Result result = app(oddClassic).run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).contains("honeycomb.dataset-missing");
        assertThat(result.problems().toString()).contains("missing 'x-honeycomb-dataset' header");
    }

    @Test
    void aWrongPathIsReportedFromThe404() {
        TestCli.Result result = app(CONFIG_KEY).without("OTEL_EXPORTER_OTLP_ENDPOINT")
                .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", listen.backends().httpBaseUrl() + "/otlp/v1/traces")
                .run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.endpoint-path");
        assertThat(result.problems().get(0).get("message").toString()).contains("404");
    }

    @Test
    void partialSuccessIsReadFromTheAnswer() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            byte[] partial = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.newBuilder()
                    .setPartialSuccess(io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(1).setErrorMessage("span name too long")).build().toByteArray();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf")
                    .body(new Buffer().write(partial)).build());
            TestCli.Result result = collector(server.url("/").toString()).run("honeycomb", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.partial-success");
            assertThat(result.problems().get(0).get("message").toString()).contains("rejected 1 of 2 spans: span name too long");
        }
    }

    @Test
    void rateLimitAndServerErrorsAreNamed() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("slow down").build());
            TestCli.Result limited = collector(server.url("/").toString()).run("honeycomb", "-o", "json");
            assertThat(limited.codes()).as(limited.toString()).containsExactly("http.rate-limited");
            assertThat(limited.problems().get(0).get("message").toString()).contains("retry after 30 s");

            server.enqueue(new MockResponse.Builder().code(503).body("<html>upstream connect error</html>").build());
            TestCli.Result down = collector(server.url("/").toString()).run("honeycomb", "-o", "json");
            assertThat(down.codes()).as(down.toString()).containsExactly("http.server-error");
            assertThat(down.problems().get(0).get("message").toString()).contains("503").contains("upstream connect error");
        }
    }

    @Test
    void aHangingServerTimesOutWithinTheDeadline() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().onRequestStart(SocketEffect.Stall.INSTANCE).build());
            TestCli.Result result = collector(server.url("/").toString()).run("honeycomb", "-o", "json", "--timeout", "1s");
            assertThat(result.codes()).as(result.toString()).containsExactly("net.timeout");
            assertThat(result.problems().get(0).get("message").toString()).contains("did not answer within --timeout 1.0s");
            assertThat(step(result, "send").get("detail").toString()).startsWith("no answer from localhost:")
                    .endsWith(" within --timeout 1.0s");
            // the report's own clock: the send gave up at the deadline, not a generous multiple of it
            assertThat(((Number) step(result, "send").get("duration_ms")).longValue()).isBetween(900L, 30_000L);
        }
    }

    @Test
    void aGrpcCollectorThatWantsAKeySaysWhichHeader() throws Exception {
        listen.restart(() -> LocalBackends.start(ListenOptions.ephemeral().withHoneycombKeys(
                List.of(AcceptedKey.LOCAL_INGEST), true), Clock.systemUTC()));
        TestCli.Result result = collector(listen.backends().grpcUrl()).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .run("honeycomb", "-o", "json");
        // a trailers-only UNAUTHENTICATED answer, read from the HTTP/2 headers
        assertThat(result.codes()).as(result.toString()).containsExactly("config.missing");
        assertThat(result.problems().get(0).get("message").toString()).contains("missing 'x-honeycomb-team' header");
        assertThat(step(result, "send").get("detail").toString()).contains("UNAUTHENTICATED");
    }

    @Test
    void theProbeIntroducesItselfAsTheSdksExporter() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build());
            TestCli.Result result = collector(server.url("/").toString()).run("honeycomb", "-o", "json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            // what the OTLP exporter of the SDK on the classpath sends, whatever its version
            assertThat(server.takeRequest().getHeaders().get("User-Agent"))
                    .isEqualTo("tracecheck " + io.opentelemetry.exporter.otlp.internal.OtlpUserAgent.getUserAgent());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(TestCli.Result result, String name) {
        List<Map<String, Object>> checks = (List<Map<String, Object>>) result.json().get("checks");
        return ((List<Map<String, Object>>) checks.get(0).get("steps")).stream()
                .filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void networkFailuresAreNamed() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(collector("http://127.0.0.1:" + closed).run("honeycomb", "-o", "json").codes()).containsExactly("net.refused");
        assertThat(collector("http://nonexistent.invalid:4318").run("honeycomb", "-o", "json").codes()).containsExactly("net.dns");
        assertThat(collector(listen.backends().httpBaseUrl().replace("http://", "https://")).run("honeycomb", "-o", "json").codes())
                .containsExactly("net.tls");
    }

    /** An app exporting to a collector (no Honeycomb key): only the OTLP send is checked. */
    private TestCli collector(String endpoint) {
        return TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.replaceAll("/$", ""))
                .env("OTEL_SERVICE_NAME", "web");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
