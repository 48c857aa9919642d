package io.tracecheck.honeycomb;

import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck traces --source honeycomb against the local backends' Query Data API. */
class TracesCommandTest {
    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli app() {
        return TestCli.in(home).env(Fixtures.localBackends(listen.backends()));
    }

    private String sendProbe(String service) {
        TestCli.Result sent = app().env("OTEL_SERVICE_NAME", service).run("honeycomb", "-o", "json");
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        return sent.out().replaceAll("(?s).*\"trace_id\":\"([0-9a-f]{32})\".*", "$1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsRecentRootSpansInTextAndJson() {
        String web = sendProbe("web");
        String worker = sendProbe("worker");
        TestCli.Result text = app().run("traces", "--source", "honeycomb");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("TRACE ID").contains(web).contains(worker).contains("tracecheck probe")
                .contains(listen.backends().httpBaseUrl() + "/tracecheck/traces/" + web);
        assertThat(text.out()).doesNotContain("tracecheck probe child");

        TestCli.Result json = app().run("traces", "--service", "worker", "--limit", "5", "-o", "json");
        List<Map<String, Object>> traces = (List<Map<String, Object>>) json.json().get("traces");
        assertThat(traces).extracting(t -> t.get("trace_id")).containsExactly(worker);
        assertThat(traces.get(0)).containsEntry("service", "worker").containsEntry("root", "tracecheck probe")
                .containsKeys("time", "duration_ms", "link");
        assertThat(text.all() + json.all()).doesNotContain(AcceptedKey.LOCAL_CONFIGURATION.key());
    }

    @Test
    void anIngestKeyCannotListAndSaysWhichKeyCan() {
        TestCli.Result result = app().env("HONEYCOMB_API_KEY", AcceptedKey.LOCAL_INGEST.key())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + AcceptedKey.LOCAL_INGEST.key())
                .run("traces", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.queries-unavailable");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.problems().get(0).get("fix").toString()).contains("Configuration key with \"Run Queries\"");
        assertThat(result.all()).doesNotContain(AcceptedKey.LOCAL_INGEST.key());
    }

    /** A Query Data API that accepts the query but never finishes computing its result. */
    private static MockWebServer neverComplete() throws Exception {
        MockWebServer server = new MockWebServer();
        server.start();
        server.enqueue(json(200, "{\"type\":\"configuration\",\"api_key_access\":{\"queries\":true},"
                + "\"environment\":{\"name\":\"dev\",\"slug\":\"dev\"},\"team\":{\"name\":\"t\",\"slug\":\"t\"}}"));
        server.enqueue(json(200, "{\"id\":\"q1\"}"));
        for (int i = 0; i < 40; i++) {
            server.enqueue(json(i == 0 ? 201 : 200, "{\"id\":\"r1\",\"complete\":false}"));
        }
        return server;
    }

    private TestCli honeycombAt(MockWebServer server) {
        return TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", server.url("/").toString().replaceAll("/$", ""))
                .env("HONEYCOMB_API_KEY", AcceptedKey.LOCAL_CONFIGURATION.key());
    }

    @Test
    void aQueryThatNeverCompletesIsATimeoutNotAnEmptyList() throws Exception {
        try (MockWebServer server = neverComplete()) {
            TestCli.Result result = honeycombAt(server).run("traces", "--timeout", "1s", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("net.timeout");
            assertThat(result.problems().get(0).get("message").toString()).contains("had not finished the query");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.all()).doesNotContain("No traces").doesNotContain(AcceptedKey.LOCAL_CONFIGURATION.key());
        }
    }

    @Test
    void anInterruptedListingSaysSo() throws Exception {
        try (MockWebServer server = neverComplete()) {
            TestCli.Result[] result = new TestCli.Result[1];
            Thread listing = new Thread(() -> result[0] = honeycombAt(server).run("traces", "--timeout", "60s"));
            listing.start();
            for (int i = 0; i < 4; i++) {
                server.takeRequest(); // auth, the query, its result, the first poll: the listing is waiting
            }
            listing.interrupt();
            listing.join(30_000);
            assertThat(listing.isAlive()).isFalse();
            assertThat(result[0].err()).as(result[0].toString()).contains("interrupted before Honeycomb answered");
            assertThat(result[0].out()).doesNotContain("No traces");
            assertThat(result[0].exitCode()).isEqualTo(1);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void readBackUsesHoneycombApiKeyWhenTheAppSendsWithAnIngestKey() {
        TestCli.Result result = app().env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + AcceptedKey.LOCAL_INGEST.key())
                .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "--verify", "-o", "json");
        // the two keys differ (a warning), the ingest key sends, the configuration key reads back
        assertThat(result.codes()).as(result.toString()).containsExactly("config.conflict");
        assertThat(result.out()).contains("found 2 spans in dataset web");
    }
}
