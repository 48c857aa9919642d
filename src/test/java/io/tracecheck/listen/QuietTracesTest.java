package io.tracecheck.listen;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracecheck.terminal.Style;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** listen's live view draws a trace's waterfall once it has gone quiet, on the injected clock. */
class QuietTracesTest {
    private static final Style STYLE = new Style(true, false);

    /** A clock the test moves: "quiet for 2 s" happens when the test says so, never by waiting. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-26T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final Store store = new Store(10_000);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /** A request handled by an instrumented app, sent with the OpenTelemetry SDK's exporter: the trace id. */
    private static String sendTrace(String baseUrl, String service, String route) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(baseUrl + "/v1/traces").setTimeout(Duration.ofSeconds(10)).build()))
                .build();
        try {
            Tracer tracer = provider.get("app");
            Span root = tracer.spanBuilder("GET " + route).setAttribute("http.request.method", "GET")
                    .setAttribute("http.route", route).setAttribute("http.response.status_code", 200L).startSpan();
            tracer.spanBuilder("SELECT items").setParent(Context.root().with(root)).startSpan().end();
            root.end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
            return root.getSpanContext().getTraceId();
        } finally {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    private static void await(StringWriter out, String regex, int times) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (count(out.toString(), pattern) < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/" + regex + "/ not printed " + times + " times:\n" + out);
            }
            Thread.sleep(20);
        }
    }

    private static int count(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aTraceIsDrawnOnceWhenItHasBeenQuietForTwoSeconds() throws Exception {
        StringWriter out = new StringWriter();
        QuietTraces traces = new QuietTraces(store, clock, QuietTraces.QUIET, QuietTraces.MAX_PENDING, STYLE, () -> 0);
        ListenSession session = new ListenSession(store, new LiveView(new PrintWriter(out), STYLE, false, () -> 0, store,
                ZoneOffset.UTC, traces));
        open.add(session);
        LocalBackends backends = session.start(ListenOptions.ephemeral(), Clock.systemUTC());

        String first = sendTrace(backends.httpBaseUrl(), "shop", "/cart");
        await(out, "otlp-http.*" + first, 2); // one line per export: the SDK exports each span as it ends
        clock.advance(Duration.ofMillis(1900));
        assertThat(out.toString()).doesNotContain("trace " + first);

        clock.advance(Duration.ofMillis(200));
        await(out, "trace " + first, 1);
        String second = sendTrace(backends.httpBaseUrl(), "shop", "/checkout");
        await(out, "otlp-http.*" + second, 2);
        clock.advance(Duration.ofSeconds(3));
        await(out, "trace " + second, 1);

        String text = out.toString();
        assertThat(count(text, Pattern.compile("trace " + first))).as(text).isEqualTo(1);
        assertThat(text).contains("trace " + first + "  shop  \"GET /cart\"  2 spans").contains("  GET /cart ")
                .contains("GET /cart 200").contains("  └─ SELECT items");
        assertThat(text.indexOf("trace " + first)).isLessThan(text.indexOf("trace " + second));
    }

    @Test
    void followsAtMostSoManyTracesAndDrawsAFewAtOnce() throws Exception {
        QuietTraces traces = new QuietTraces(store, clock, QuietTraces.QUIET, 4, STYLE, () -> 100);
        store.onArrival(traces::arrived);
        LocalBackends backends = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC(), store);
        open.add(backends);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(sendTrace(backends.httpBaseUrl(), "shop", "/item/" + i));
        }
        assertThat(traces.due()).isEmpty();
        assertThat(traces.givenUp()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        String drawn = String.join("\n", traces.due());
        assertThat(drawn).doesNotContain(ids.get(0)).contains("trace " + ids.get(1)).contains("trace " + ids.get(2))
                .contains("trace " + ids.get(3)).doesNotContain(ids.get(4))
                .contains("(1 more trace went quiet at once; tracecheck trace TRACE_ID draws one)");
        assertThat(traces.due()).isEmpty();
    }
}
