package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
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
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.tracecheck.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * listen's pages in a real browser: {@code scripts/tracecheck listen} on free ports, traces sent by
 * the OpenTelemetry Java SDK's OTLP exporter, and headless Chromium driven by playwright-core
 * (src/test/browser/trace-pages.js) opening the index, clicking a trace, clicking a span.
 * <p>
 * Needs Debian's {@code chromium} (or {@code CHROMIUM=/path}), {@code node}, and playwright-core from
 * {@code npm ci --prefix scripts/bench-tools/node}; skipped without them, unless
 * {@code TRACECHECK_BROWSER_TEST=required} (set by .ci/run, which installs them) makes it fail instead.
 * The screenshots it takes (target/browser/) are the README's.
 */
class TracePagesIT {
    private static final Path NODE_TOOLS = HostTools.NODE_TOOLS;
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    private static final String HOSTILE_VALUE = "say \"hi\" & 'bye' </dd><script>alert(2)</script>";
    private static final String MISSING_PARENT = "00000000000000ff";

    @TempDir
    Path home;

    @Test
    void theIndexListsATraceSentByTheOtelSdkAndItsWaterfallOpensOnClick() throws Exception {
        Optional<Path> chromium = chromium();
        Optional<Path> node = HostTools.onPath("node");
        requireOrSkip(chromium.isPresent(), "no chromium (apt-get install chromium, or set CHROMIUM=/path/to/chrome)");
        requireOrSkip(node.isPresent(), "no node on PATH");
        requireOrSkip(Files.isDirectory(NODE_TOOLS.resolve("node_modules/playwright-core")),
                "playwright-core is not installed (npm ci --prefix scripts/bench-tools/node)");

        int http = FreePorts.tcp();
        try (Launcher.Running listen = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).start("listen",
                "--http-port", String.valueOf(http), "--grpc-port", String.valueOf(FreePorts.tcp()), "--udp-port",
                String.valueOf(io.tracecheck.listen.DaemonPorts.free()))) {
            listen.awaitOut("Point an app here:");
            String base = "http://127.0.0.1:" + http;
            String checkout = sendWithOtelSdk(base);
            // a refusal for the index: the classic doubled path
            HttpResponse<String> doubled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                            + "/v1/traces/v1/traces")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(doubled.statusCode()).isEqualTo(404);

            Path shots = Files.createDirectories(Launcher.PROJECT.resolve("target/browser"));
            Launcher.Run browser = new Launcher(node.get(), home).env("CHROMIUM", chromium.get().toString())
                    .env("NODE_PATH", NODE_TOOLS.resolve("node_modules").toString())
                    .run(Launcher.PROJECT.resolve("src/test/browser/trace-pages.js").toString(), base, shots.toString(),
                            "GET /checkout", "SELECT orders", "GET /search", HOSTILE_NAME);
            assertThat(browser.exitCode()).as(browser.toString()).isZero();
            Map<String, Object> seen = JSON.std.mapFrom(browser.out());

            Map<?, ?> index = (Map<?, ?>) seen.get("index");
            assertThat(strings(index.get("traces"))).as(browser.out()).containsExactly("GET /search", "GET /checkout");
            assertThat(strings(index.get("services"))).as(browser.out()).containsExactly("shop", "shop, payments-worker");
            assertThat(strings(index.get("refusals"))).as(browser.out()).anySatisfy(row ->
                    assertThat(row).contains("not-found").contains("404 POST /v1/traces/v1/traces"));

            Map<?, ?> trace = (Map<?, ?>) seen.get("trace");
            assertThat((String) trace.get("url")).endsWith("/tracecheck/traces/" + checkout);
            assertThat(trace.get("heading")).isEqualTo("GET /checkout");
            assertThat(strings(trace.get("spans"))).as(browser.out()).hasSize(4);
            assertThat(String.join("\n", strings(trace.get("spans")))).as(browser.out())
                    .containsPattern("^GET /checkout\nSELECT orders\n✖ POST /payments\ncharge cardorphan$");
            assertThat(trace.get("detailsHiddenBeforeClick")).isEqualTo(true);
            assertThat((String) trace.get("details")).as(browser.out()).contains("db.statement")
                    .contains("SELECT * FROM orders WHERE note = \"it's\"").contains("db.system").contains("postgresql");
            assertThat((String) trace.get("orphanNote")).contains("1 span's parent never arrived");

            Map<?, ?> hostile = (Map<?, ?>) seen.get("hostile");
            assertThat(strings(hostile.get("spans"))).as(browser.out()).containsExactly("GET /search", HOSTILE_NAME);
            assertThat((String) hostile.get("details")).as(browser.out()).contains(HOSTILE_VALUE);
            assertThat(hostile.get("images")).isEqualTo(0);
            assertThat(strings(seen.get("dialogs"))).as("no script an app sent ran").isEmpty();
            assertThat(strings(seen.get("consoleErrors"))).as("nothing the page's own policy had to block").isEmpty();
            assertThat(strings(seen.get("offsite"))).as("no external asset").isEmpty();
            assertThat(shots.resolve("listen-index.png")).isNotEmptyFile();
            assertThat(shots.resolve("listen-trace.png")).isNotEmptyFile();
            listen.stop();
        }
    }

    /**
     * Two traces as apps instrumented with the OTel SDK sends them: a checkout whose payment call
     * failed and whose worker span's parent never arrived (a context from a service that exports
     * nowhere), and a search whose child span's name and attribute are markup.
     */
    private static String sendWithOtelSdk(String base) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                .setTimeout(Duration.ofSeconds(60)).build();
        Resource shop = Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")));
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(shop)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
        SdkTracerProvider worker = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
                        "payments-worker"))))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                        .setTimeout(Duration.ofSeconds(60)).build()).build()).build();
        try {
            Tracer tracer = provider.get("tracecheck-it");
            Instant t0 = Instant.now().minusSeconds(5);
            Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setStartTimestamp(t0)
                    .setAttribute("http.method", "GET").setAttribute("http.route", "/checkout").startSpan();
            Context inRoot = Context.root().with(root);
            tracer.spanBuilder("SELECT orders").setParent(inRoot).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(t0.plusMillis(12)).setAttribute("db.system", "postgresql")
                    .setAttribute("db.statement", "SELECT * FROM orders WHERE note = \"it's\"").startSpan()
                    .end(t0.plusMillis(48));
            Span payment = tracer.spanBuilder("POST /payments").setParent(inRoot).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(t0.plusMillis(55)).setAttribute("http.method", "POST")
                    .setAttribute("http.status_code", 502L).startSpan();
            payment.setStatus(StatusCode.ERROR, "bad gateway");
            payment.end(t0.plusMillis(140));
            String traceId = root.getSpanContext().getTraceId();
            // another app, whose parent context (from a service that exports nowhere) never arrives
            SpanContext lost = SpanContext.createFromRemoteParent(traceId, MISSING_PARENT, TraceFlags.getSampled(),
                    TraceState.getDefault());
            worker.get("tracecheck-it").spanBuilder("charge card").setParent(Context.root().with(Span.wrap(lost)))
                    .setSpanKind(SpanKind.CONSUMER).setStartTimestamp(t0.plusMillis(70)).startSpan().end(t0.plusMillis(130));
            root.setAttribute("http.status_code", 500L);
            root.end(t0.plusMillis(150));

            Span search = tracer.spanBuilder("GET /search").setSpanKind(SpanKind.SERVER).setStartTimestamp(t0.plusSeconds(1))
                    .startSpan();
            tracer.spanBuilder(HOSTILE_NAME).setParent(Context.root().with(search)).setStartTimestamp(t0.plusSeconds(1).plusMillis(5))
                    .setAttribute("note", HOSTILE_VALUE).startSpan().end(t0.plusSeconds(1).plusMillis(20));
            search.end(t0.plusSeconds(1).plusMillis(30));

            assertThat(provider.forceFlush().join(90, TimeUnit.SECONDS).isSuccess()).as("the SDK exported to listen").isTrue();
            assertThat(worker.forceFlush().join(90, TimeUnit.SECONDS).isSuccess()).as("the SDK exported to listen").isTrue();
            return traceId;
        } finally {
            provider.shutdown().join(30, TimeUnit.SECONDS);
            worker.shutdown().join(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static Optional<Path> chromium() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return HostTools.onPath("chromium").or(() -> HostTools.onPath("chromium-browser"));
    }

    /** Skips where the tools are absent locally; CI (.ci/run) installs them and requires the test to run. */
    private static void requireOrSkip(boolean present, String missing) {
        HostTools.requireOrSkip("TRACECHECK_BROWSER_TEST", present, missing);
    }
}
