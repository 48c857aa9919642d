package io.tracecheck.honeycomb;

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
 * Answers that are not Honeycomb's or the collector's, from a server standing where they should
 * be: a captive portal's page, an empty 200, a redirect, a 407. Each is http.unexpected with the
 * status, the content type and who answered instead, never a verdict on the key.
 */
class ForeignAnswersTest {
    private static final String PORTAL = "<!DOCTYPE html><html><head><title>Sign in to GuestWiFi</title></head>"
            + "<body>Accept the terms</body></html>";

    @TempDir
    Path home;

    private final MockWebServer server = new MockWebServer();
    private String base;

    @BeforeEach
    void start() throws Exception {
        server.start();
        base = server.url("/").toString().replaceAll("/$", "");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** An app configured for Honeycomb, where both of Honeycomb's URLs lead to the server. */
    private TestCli app() {
        return TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", base).env("HONEYCOMB_API_KEY", Fixtures.CONFIG_KEY)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", base).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + Fixtures.CONFIG_KEY)
                .env("OTEL_SERVICE_NAME", "web");
    }

    private TestCli collector() {
        return TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", base).env("OTEL_SERVICE_NAME", "web");
    }

    private static MockResponse page(int status) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/html; charset=utf-8").body(PORTAL).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPortalPageFromAuthIsNotAKeyWithoutPermissions() {
        server.enqueue(page(200));
        TestCli.Result result = app().run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0)).containsEntry("message", base + "/1/auth answered 200 OK (text/html), a web page "
                + "titled \"Sign in to GuestWiFi\": a proxy, a captive portal or a wrong URL answered, not Honeycomb");
        // the endpoint variable names another place than Honeycomb: the fix points it back
        assertThat(result.problems().get(0)).containsEntry("fix", "export HONEYCOMB_API_ENDPOINT=https://api.honeycomb.io");
        // the check's line says who answered, not that the key was refused
        assertThat(String.valueOf(((java.util.List<java.util.Map<String, Object>>) result.json().get("checks")).get(0)
                .get("summary"))).isEqualTo("authenticate: " + java.net.URI.create(base).getHost()
                + " answered a web page (200), not Honeycomb");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(server.getRequestCount()).as("nothing sent after it").isEqualTo(1);
    }

    @Test
    void anEmptyOrForeignJson200FromAuthIsNotHoneycombs() {
        server.enqueue(new MockResponse.Builder().code(200).build());
        TestCli.Result empty = app().run("honeycomb", "-o", "json");
        assertThat(empty.codes()).as(empty.toString()).containsExactly("http.unexpected");
        assertThat(empty.problems().get(0).get("message").toString()).isEqualTo(base + "/1/auth answered 200 OK with an "
                + "empty body, not Honeycomb's JSON: a proxy or a wrong URL answered, not Honeycomb");

        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"status\":\"ok\"}").build());
        TestCli.Result other = app().run("honeycomb", "-o", "json");
        assertThat(other.codes()).as(other.toString()).containsExactly("http.unexpected");
        assertThat(other.problems().get(0).get("message").toString()).startsWith(base + "/1/auth answered 200 OK "
                + "(application/json): {\"status\":\"ok\"}, not Honeycomb's /1/auth answer");
    }

    @Test
    void aRedirectIsReportedNotFollowed() {
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "https://portal.example/login").build());
        TestCli.Result result = app().run("honeycomb", "-o", "json");
        assertThat(result.problems().get(0)).containsEntry("message", base + "/1/auth answered 302 Found, a redirect to "
                + "https://portal.example/login (no Content-Type): a proxy or a wrong URL answered, not Honeycomb "
                + "(neither tracecheck nor the SDKs follow it)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a407WithoutAConfiguredProxySaysSoAndIsNotARefusedConnection() {
        server.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"office\"")
                .addHeader("Content-Type", "text/html").body("<html><title>Access denied</title></html>").build());
        TestCli.Result result = app().run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0)).containsEntry("message", base + "/1/auth answered 407 Proxy Authentication "
                + "Required, it asks for Basic credentials (realm \"office\"): a proxy between here and "
                + server.url("/").host() + ":" + server.getPort() + " wants credentials, and no proxy variable "
                + "(HTTPS_PROXY, HTTP_PROXY) names it");
    }

    @Test
    void aPortalPageOrAnEmpty200FromTheCollectorIsNotAnAcceptedProbe() {
        server.enqueue(page(200));
        TestCli.Result html = collector().run("honeycomb", "-o", "json");
        assertThat(html.codes()).as(html.toString()).containsExactly("http.unexpected");
        assertThat(html.problems().get(0).get("message").toString()).isEqualTo(base + "/v1/traces answered 200 OK "
                + "(text/html), a web page titled \"Sign in to GuestWiFi\": a proxy, a captive portal or a wrong URL "
                + "answered, not the OTLP receiver at " + server.url("/").host() + ":" + server.getPort());
        assertThat(html.exitCode()).isEqualTo(1);

        server.enqueue(new MockResponse.Builder().code(200).build());
        TestCli.Result empty = collector().run("honeycomb", "-o", "json");
        assertThat(empty.codes()).as(empty.toString()).containsExactly("http.unexpected");
        assertThat(empty.problems().get(0).get("message").toString()).isEqualTo(base + "/v1/traces answered 200 OK with "
                + "an empty body, not an OTLP response (application/x-protobuf or application/json): a proxy or a wrong URL "
                + "answered, not the OTLP receiver at " + server.url("/").host() + ":" + server.getPort());
    }

    @Test
    void aPortalPageDuringTheReadBackIsNamed() throws Exception {
        String auth = "{\"type\":\"configuration\",\"api_key_access\":{\"events\":true,\"queries\":true},"
                + "\"environment\":{\"name\":\"dev\",\"slug\":\"dev\"},\"team\":{\"name\":\"t\",\"slug\":\"t\"}}";
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(auth).build());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build());
        server.enqueue(page(200));
        TestCli.Result result = app().run("honeycomb", "--verify", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0).get("message").toString()).contains("answered 200 OK (text/html), a web page");
        assertThat(server.getRequestCount()).as("a page is not asked again").isEqualTo(3);
    }

    @Test
    void tracesSaysSoToo() {
        server.enqueue(page(200));
        TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", base).env("HONEYCOMB_API_KEY", Fixtures.CONFIG_KEY)
                .run("traces", "-o", "json");
        assertThat(result.out() + result.err()).as(result.toString()).contains("http.unexpected")
                .contains("a captive portal or a wrong URL answered, not Honeycomb");
    }
}
