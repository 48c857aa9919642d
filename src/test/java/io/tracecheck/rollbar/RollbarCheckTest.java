package io.tracecheck.rollbar;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.StoredRollbarItem;
import io.tracecheck.listen.rollbar.AcceptedToken;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck rollbar through the command line, against the local backends and a fault-injecting server. */
class RollbarCheckTest {
    private static final String SERVER = AcceptedToken.LOCAL_SERVER.token();
    private static final String CLIENT = AcceptedToken.LOCAL_CLIENT.token();
    private static final String READ = AcceptedToken.LOCAL_READ.token();

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli app(String token) {
        return TestCli.in(home).env("ROLLBAR_ENDPOINT", listen.backends().httpBaseUrl() + "/api/1/item/")
                .env("ROLLBAR_ACCESS_TOKEN", token).env("ROLLBAR_ENVIRONMENT", "staging");
    }

    private static void assertNoSecret(TestCli.Result result, String... secrets) {
        for (String secret : secrets) {
            assertThat(result.all()).as("no secret in %s", result).doesNotContain(secret);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> artifacts(TestCli.Result result) {
        return (Map<String, String>) ((List<Map<String, Object>>) result.json().get("checks")).get(0).get("artifacts");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProbeItemArrivesWithItsStackTraceAndLabels() {
        TestCli.Result result = app(SERVER).run("rollbar", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String uuid = artifacts(result).get("uuid");
        String runId = (String) result.json().get("run_id");
        StoredRollbarItem item = listen.backends().store().find(StoredRollbarItem.class, i -> i.uuid().equals(uuid)).get(0);
        assertThat(item.environment()).isEqualTo("staging");
        assertThat(item.title()).contains("tracecheck probe " + runId);
        Map<String, Object> data = item.data();
        assertThat(data).containsEntry("platform", "java").containsEntry("framework", "tracecheck")
                .containsKey("code_version");
        Map<String, Object> trace = (Map<String, Object>) ((Map<String, Object>) data.get("body")).get("trace");
        assertThat((List<Object>) trace.get("frames")).isNotEmpty();
        assertThat(trace.get("exception").toString()).contains("IllegalStateException").contains(runId);
        assertThat(data.get("custom").toString()).contains("tracecheck.probe").contains(runId);
        assertThat(artifacts(result)).containsEntry("link", "https://rollbar.com/item/uuid/?uuid=" + uuid)
                .containsEntry("environment", "staging");
        assertNoSecret(result, SERVER);
    }

    @Test
    void verifyReadsTheItemBackWithAReadToken() {
        TestCli.Result result = app(SERVER).env("ROLLBAR_READ_TOKEN", READ).run("rollbar", "--verify");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("verify: read back item").contains("uuid: ").contains("link: https://rollbar.com/item/uuid/?uuid=");
        assertNoSecret(result, SERVER, READ);
    }

    @Test
    void verifyWithoutReadTokenSaysItWasNotReadBack() {
        TestCli.Result result = app(SERVER).run("rollbar", "--verify");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("accepted but not read back: set ROLLBAR_READ_TOKEN");
    }

    @Test
    void verifyGivesUpWithItemNotFound() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(json(200, "{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"}}"));
            for (int i = 0; i < 30; i++) {
                server.enqueue(json(404, "{\"err\":1,\"message\":\"Occurrence not found\"}"));
            }
            TestCli.Result result = TestCli.in(home).env("ROLLBAR_ENDPOINT", server.url("/api/1/item/").toString())
                    .env("ROLLBAR_ACCESS_TOKEN", SERVER).env("ROLLBAR_READ_TOKEN", READ)
                    .run("rollbar", "--verify", "--verify-timeout", "1s", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("rollbar.item-not-found");
            assertNoSecret(result, SERVER, READ);
        }
    }

    @Test
    void anUnknownTokenIsRejected() {
        String unknown = "0123456789abcdef0123456789abcdef";
        TestCli.Result result = app(unknown).run("rollbar", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("rollbar.token-rejected");
        assertThat(result.problems().get(0).get("message").toString()).contains("401 invalid access token");
        assertNoSecret(result, unknown);
    }

    @Test
    void aClientTokenOnAServerIsAScopeProblem() {
        TestCli.Result result = app(CLIENT).run("rollbar", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("rollbar.token-scope");
        assertThat(result.problems().get(0).get("fix").toString()).contains("post_server_item");
        assertNoSecret(result, CLIENT);
    }

    @Test
    void theItemApiRefusesBadPayloadsLikeRollbar() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String body : List.of("{\"data\":{\"body\":{\"message\":{\"body\":\"x\"}}}}",
                "{\"data\":{\"environment\":\"dev\",\"body\":{\"message\":{\"body\":\"x\"},\"trace\":{}}}}",
                "{\"data\":\"not an object\"}")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + "/api/1/item/"))
                    .header("X-Rollbar-Access-Token", SERVER).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isEqualTo(422);
            assertThat(response.body()).startsWith("{\"err\":1,\"message\":\"Invalid format.");
        }
    }

    @Test
    void rejectedPayloadsAreNamedFromRollbarsAnswer() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(json(422, "{\"err\":1,\"message\":\"Invalid format. data.body.trace.frames is too long\"}"));
            TestCli.Result result = collectorAt(server).run("rollbar", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("rollbar.payload-rejected");
            assertThat(result.problems().get(0).get("message").toString()).contains("frames is too long");
        }
    }

    @Test
    void rateLimitsServerErrorsAndForeignBodiesAreNamed() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(json(429, "{\"err\":1,\"message\":\"rate limit reached\"}"));
            assertThat(collectorAt(server).run("rollbar", "-o", "json").codes()).containsExactly("http.rate-limited");
            server.enqueue(json(503, "{\"err\":1,\"message\":\"service unavailable\"}"));
            assertThat(collectorAt(server).run("rollbar", "-o", "json").codes()).containsExactly("http.server-error");
            server.enqueue(new MockResponse.Builder().code(200).body("<html>captive portal</html>").build());
            TestCli.Result foreign = collectorAt(server).run("rollbar", "-o", "json");
            assertThat(foreign.codes()).as(foreign.toString()).containsExactly("http.unexpected");
        }
    }

    @Test
    void aHangingServerTimesOutAndNoThreadIsLeftRunning() throws Exception {
        Set<String> before = nonDaemonThreads();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().onRequestStart(SocketEffect.Stall.INSTANCE).build());
            TestCli.Result result = collectorAt(server).run("rollbar", "-o", "json", "--timeout", "1s");
            assertThat(result.codes()).as(result.toString()).containsExactly("net.timeout");
            assertThat(result.problems().get(0).get("message").toString()).contains("did not answer within --timeout 1.0s");
            assertThat(step(result, "send").get("detail").toString()).startsWith("no answer from localhost:")
                    .endsWith(" within --timeout 1.0s");
        }
        TestCli.Result ok = app(SERVER).run("rollbar");
        assertThat(ok.exitCode()).isZero();
        assertThat(nonDaemonThreads()).as("non-daemon threads left by the checks").isSubsetOf(before);
    }

    @Test
    void aReadBackRefusedInsideA200ReportsWhatRollbarSaid() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(json(200, "{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"}}"));
            server.enqueue(json(200, "{\"err\":1,\"message\":\"access token is missing the read scope\"}"));
            server.enqueue(json(200, "{\"err\":0,\"result\":{}}"));
            TestCli.Result result = collectorAt(server).env("ROLLBAR_READ_TOKEN", READ)
                    .run("rollbar", "--verify", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
            assertThat(result.problems().get(0).get("message").toString()).contains("answered 200 but with err 1")
                    .contains("access token is missing the read scope");
            assertThat(step(result, "verify").get("detail").toString()).startsWith("localhost answered 200 but with err 1");
            assertThat(server.getRequestCount()).as("asking again cannot help").isEqualTo(2);
            assertNoSecret(result, SERVER, READ);
        }
    }

    @Test
    void aRedirectedReadBackIsReportedNotFollowed() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(json(200, "{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"}}"));
            server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "https://login.example/").build());
            TestCli.Result result = collectorAt(server).env("ROLLBAR_READ_TOKEN", READ)
                    .run("rollbar", "--verify", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
            assertThat(result.problems().get(0).get("message").toString()).contains("answered 302");
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertNoSecret(result, SERVER, READ);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(TestCli.Result result, String name) {
        List<Map<String, Object>> checks = (List<Map<String, Object>>) result.json().get("checks");
        return ((List<Map<String, Object>>) checks.get(0).get("steps")).stream()
                .filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    private TestCli collectorAt(MockWebServer server) {
        return TestCli.in(home).env("ROLLBAR_ENDPOINT", server.url("/api/1/item/").toString()).env("ROLLBAR_ACCESS_TOKEN", SERVER);
    }

    private static Set<String> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon() && t.isAlive())
                .map(Thread::getName).collect(Collectors.toSet());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
