package io.tracecheck.rollbar;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers to the item post and the read-back that are not Rollbar's: a portal page, an empty 200,
 * a redirect (never followed, unlike rollbar-java's own sender), a 407.
 */
class RollbarForeignAnswersTest {
    @TempDir
    Path home;

    private final MockWebServer server = new MockWebServer();
    private String endpoint;

    @BeforeEach
    void start() throws Exception {
        server.start();
        endpoint = server.url("/api/1/item/").toString();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TestCli app() {
        return TestCli.in(home).env("ROLLBAR_ACCESS_TOKEN", Fixtures.ROLLBAR_TOKEN).env("ROLLBAR_ENDPOINT", endpoint);
    }

    @Test
    void aPortalPageIsNotAnAcceptedItem() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><head><title>Hotel WiFi</title></head></html>").build());
        TestCli.Result result = app().run("rollbar", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0)).containsEntry("message", endpoint + " answered 200 OK (text/html), a web page "
                + "titled \"Hotel WiFi\": a proxy, a captive portal or a wrong URL answered, not Rollbar");
        assertThat(result.problems().get(0)).containsEntry("fix", "export ROLLBAR_ENDPOINT=https://api.rollbar.com/api/1/item/");
    }

    @Test
    void anEmpty200IsNotAnAcceptedItem() {
        server.enqueue(new MockResponse.Builder().code(200).build());
        TestCli.Result result = app().run("rollbar", "-o", "json");
        assertThat(result.problems().get(0)).containsEntry("message", endpoint + " answered 200 OK with an empty body, "
                + "not Rollbar's JSON {\"err\": …}: a proxy or a wrong URL answered, not Rollbar");
    }

    @Test
    void aRedirectOfThePostIsReportedNotFollowed() throws Exception {
        server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "https://rollbar.example/api/1/item/").build());
        TestCli.Result result = app().run("rollbar", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0).get("message").toString()).isEqualTo(endpoint + " answered 301 Moved Permanently, "
                + "a redirect to https://rollbar.example/api/1/item/ (no Content-Type): a proxy or a wrong URL answered, "
                + "not Rollbar (neither tracecheck nor the SDKs follow it)");
        assertThat(server.getRequestCount()).isEqualTo(1);
        // posted as rollbar-java's sender posts it
        var request = server.takeRequest();
        assertThat(request.getHeaders().get("x-rollbar-access-token")).isEqualTo(Fixtures.ROLLBAR_TOKEN);
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(request.getBody().utf8()).contains("\"access_token\"").contains("tracecheck probe");
    }

    @Test
    void a407IsAProxyNotARefusedConnection() {
        server.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "NTLM").build());
        TestCli.Result result = app().run("rollbar", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0).get("message").toString()).startsWith(endpoint
                + " answered 407 Proxy Authentication Required, it asks for NTLM credentials: a proxy between here and");
    }

    @Test
    void aPortalPageDuringTheReadBackIsNamed() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"}}").build());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><title>Login</title></html>").build());
        TestCli.Result result = app().env("ROLLBAR_READ_TOKEN", Fixtures.ROLLBAR_READ).run("rollbar", "--verify", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0).get("message").toString()).contains("/api/1/item_by_uuid?uuid=")
                .contains("answered 200 OK (text/html), a web page titled \"Login\"");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
