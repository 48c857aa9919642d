package io.tracecheck.cli;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracecheck.Fixtures;
import io.tracecheck.FreePorts;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.core.Settings;
import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck trace against the local backends: listen's store, Honeycomb's Query Data API, X-Ray's BatchGetTraces. */
class TraceCommandTest {
    private static final String MISSING_PARENT = "00f067aa0ba902b7";
    /** What an instrumentation recorded of a request's credentials, which no view of the trace may show. */
    private static final String TOKEN = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli app() {
        return TestCli.in(home).env(Fixtures.localBackends(listen.backends())).env("LANG", "C.UTF-8");
    }

    /**
     * A checkout as an instrumented app sends it with the OpenTelemetry SDK's own exporter: a server
     * span, a query under it, a failed payment call, and a span of a worker whose parent (the
     * message's producer) was never exported. Returns the trace id. The spans start on whole seconds:
     * Honeycomb's Query Data API places them no finer than that.
     */
    private String sendCheckout() {
        Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop"))))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(listen.backends().httpBaseUrl() + "/v1/traces")
                        .addHeader("x-honeycomb-team", AcceptedKey.LOCAL_CONFIGURATION.key())
                        .setTimeout(Duration.ofSeconds(10)).build()))
                .build();
        try {
            Tracer tracer = provider.get("checkout");
            Span root = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).setStartTimestamp(t0)
                    .setAttribute("http.request.method", "POST").setAttribute("http.route", "/checkout")
                    .setAttribute("http.response.status_code", 502L)
                    .setAttribute("http.request.header.authorization", "Bearer " + TOKEN).startSpan();
            Context inRoot = Context.root().with(root);
            tracer.spanBuilder("SELECT orders").setParent(inRoot).setStartTimestamp(t0.plusSeconds(1))
                    .setAttribute("db.statement", "SELECT * FROM orders WHERE id = $1").startSpan().end(t0.plusMillis(1020));
            tracer.spanBuilder("POST /charge").setParent(inRoot).setSpanKind(SpanKind.CLIENT).setStartTimestamp(t0.plusSeconds(2))
                    .startSpan().setStatus(StatusCode.ERROR, "payment gateway down").end(t0.plusMillis(3500));
            String traceId = root.getSpanContext().getTraceId();
            SpanContext producer = SpanContext.createFromRemoteParent(traceId, MISSING_PARENT, TraceFlags.getSampled(),
                    TraceState.getDefault());
            tracer.spanBuilder("send receipt").setParent(Context.root().with(Span.wrap(producer)))
                    .setStartTimestamp(t0.plusSeconds(3)).startSpan().end(t0.plusMillis(3400));
            root.end(t0.plusSeconds(4));
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
            return traceId;
        } finally {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void drawsATraceFromARunningListenByDefault() {
        String traceId = sendCheckout();
        TestCli.Result result = app().run("trace", traceId);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("trace " + traceId).contains("4 spans").contains("1 error").contains("1 orphan")
                .contains("POST /checkout").contains("├─ SELECT orders").contains("└─ ✗ POST /charge")
                .contains("⚠ orphan send receipt").contains("POST /checkout 502").contains("SELECT * FROM orders WHERE id = $1")
                .contains("(span " + MISSING_PARENT + ") never arrived").contains("Broken propagation");
        assertThat(result.out()).contains("shop").contains("+1.00 s     20.0 ms").contains("+2.00 s      1.50 s")
                .contains("4.00 s");
    }

    @Test
    void aCredentialAttributeIsMaskedInTextAndJson() {
        String traceId = sendCheckout();
        for (TestCli.Result result : List.of(app().run("trace", traceId), app().run("trace", traceId, "-o", "json"),
                app().run("trace", traceId, "-v"))) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.all()).doesNotContain(TOKEN.substring(0, 8)).doesNotContain(TOKEN.substring(12, 20));
        }
        assertThat(app().run("trace", traceId, "-o", "json").out()).contains("http.request.header.authorization");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsTheTreeInTreeOrder() {
        String traceId = sendCheckout();
        TestCli.Result result = app().run("trace", traceId, "--source", "listen", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> json = result.json();
        assertThat(json).containsEntry("trace_id", traceId).containsEntry("span_count", 4).containsEntry("error_count", 1)
                .containsEntry("orphan_count", 1);
        List<Map<String, Object>> spans = (List<Map<String, Object>>) json.get("spans");
        assertThat(spans).extracting(s -> s.get("name") + "@" + s.get("depth") + (Boolean.TRUE.equals(s.get("orphan")) ? " orphan" : ""))
                .containsExactly("POST /checkout@0", "SELECT orders@1", "POST /charge@1", "send receipt@0 orphan");
        assertThat(spans.get(1)).containsEntry("duration_ms", 20.0);
    }

    @Test
    void acceptsTheFormsUsersPaste() {
        String traceId = sendCheckout();
        String xrayForm = "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
        for (String pasted : List.of(traceId.toUpperCase(), xrayForm, "Root=" + xrayForm + ";Parent=53995c3f42cd8ad8;Sampled=1",
                "00-" + traceId + "-" + MISSING_PARENT + "-01", " '" + traceId + "' ")) {
            TestCli.Result result = app().run("trace", pasted);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(pasted).contains("trace " + traceId).contains("4 spans");
        }
        TestCli.Result bad = app().run("trace", "not-a-trace");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'not-a-trace' is not a trace id").contains("32 hex digits");
    }

    @Test
    void readsTheTraceThroughHoneycombsQueryDataApi() {
        String traceId = sendCheckout();
        TestCli.Result result = app().run("trace", traceId, "--source", "honeycomb");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("trace " + traceId).contains("4 spans").contains("1 error").contains("1 orphan")
                .contains("├─ SELECT orders").contains("└─ ✗ POST /charge").contains("⚠ orphan send receipt")
                .contains("POST /checkout 502").contains("+1.00 s     20.0 ms").contains("+3.00 s    400.0 ms")
                .contains("Start offsets from Honeycomb's query series");
        assertThat(result.all()).doesNotContain(AcceptedKey.LOCAL_CONFIGURATION.key());
    }

    @Test
    void readsSegmentsAndSubsegmentsThroughBatchGetTraces() {
        long now = Instant.now().getEpochSecond() - 30;
        String xrayId = "1-" + Long.toHexString(now) + "-a006649127e371903a2de979";
        String front = "{\"name\":\"web\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"" + xrayId + "\",\"start_time\":" + now
                + ".100,\"end_time\":" + now + ".300,\"http\":{\"request\":{\"method\":\"GET\",\"url\":\"http://shop/cart?id=7\"},"
                + "\"response\":{\"status\":200}},\"subsegments\":[{\"name\":\"orders-db\",\"id\":\"70de5b6f19ff9a0b\","
                + "\"start_time\":" + now + ".120,\"end_time\":" + now + ".170,\"sql\":{\"sanitized_query\":\"SELECT * FROM carts\"}},"
                + "{\"name\":\"pricing\",\"id\":\"70de5b6f19ff9a0c\",\"start_time\":" + now + ".180,\"end_time\":" + now + ".290}]}";
        String downstream = "{\"name\":\"pricing-svc\",\"id\":\"80de5b6f19ff9a0d\",\"trace_id\":\"" + xrayId
                + "\",\"parent_id\":\"70de5b6f19ff9a0c\",\"start_time\":" + now + ".190,\"end_time\":" + now + ".280,\"fault\":true}";
        try (XRayClient xray = XRayClient.builder().endpointOverride(URI.create(listen.backends().httpBaseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AcceptedCredentials.LOCAL.accessKeyId(), AcceptedCredentials.LOCAL.secretAccessKey()))).build()) {
            assertThat(xray.putTraceSegments(r -> r.traceSegmentDocuments(front, downstream)).unprocessedTraceSegments()).isEmpty();
        }
        // pasted in OTLP's form: asked in X-Ray's
        String hex = xrayId.substring(2, 10) + xrayId.substring(11);
        TestCli.Result result = app().run("trace", hex, "--source", "xray");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("trace " + xrayId).contains("4 spans").contains("1 error")
                .contains("GET /cart 200").contains("├─ orders-db").contains("└─ pricing").contains("   └─ ✗ pricing-svc")
                .contains("SELECT * FROM carts").contains("200.0 ms").doesNotContain("orphan");
    }

    @Test
    void aTraceNoSourceHasIsAFailureThatSaysWhereItLooked() {
        String unknown = "5b8efff798038103d269b633813fc60c";
        TestCli.Result fromListen = app().run("trace", unknown);
        assertThat(fromListen.exitCode()).as(fromListen.toString()).isEqualTo(1);
        assertThat(fromListen.err()).contains("trace " + unknown + " was not found in listen at " + listen.backends().httpBaseUrl());
        assertThat(fromListen.out()).isEmpty();

        TestCli.Result honeycomb = app().run("trace", unknown, "--source", "honeycomb", "-o", "json");
        assertThat(honeycomb.exitCode()).as(honeycomb.toString()).isEqualTo(1);
        assertThat(honeycomb.err()).contains("was not found in Honeycomb");

        TestCli.Result xray = app().run("trace", unknown, "--source", "xray");
        assertThat(xray.exitCode()).as(xray.toString()).isEqualTo(1);
        assertThat(xray.err()).contains("was not found by BatchGetTraces in us-east-1 (as 1-5b8efff7-98038103d269b633813fc60c)");
    }

    @Test
    void noListenRunningSaysHowToStartOne() throws Exception {
        int closed = FreePorts.tcp();
        TestCli.Result result = TestCli.in(home).run("trace", "5b8efff798038103d269b633813fc60c", "--listen-url",
                "http://127.0.0.1:" + closed);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("no tracecheck listen answered at http://127.0.0.1:" + closed)
                .contains("tracecheck listen").contains("--source honeycomb");
    }

    @Test
    void theDefaultSourceFollowsTheConfiguration() {
        assertThat(io.tracecheck.registry.TraceSources.defaultSource(settings(Map.of()))).isEqualTo(io.tracecheck.registry.TraceSources.Source.listen);
        assertThat(io.tracecheck.registry.TraceSources.defaultSource(settings(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317",
                "HONEYCOMB_API_KEY", Fixtures.CONFIG_KEY)))).isEqualTo(io.tracecheck.registry.TraceSources.Source.listen);
        assertThat(io.tracecheck.registry.TraceSources.defaultSource(settings(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io",
                "HONEYCOMB_API_KEY", Fixtures.CONFIG_KEY, "AWS_REGION", "eu-west-1")))).isEqualTo(io.tracecheck.registry.TraceSources.Source.honeycomb);
        assertThat(io.tracecheck.registry.TraceSources.defaultSource(settings(Map.of("AWS_REGION", "eu-west-1")))).isEqualTo(io.tracecheck.registry.TraceSources.Source.xray);
    }

    private static Settings settings(Map<String, String> env) {
        return Settings.of(env, Map.of(), Map.of());
    }
}
