package io.tracecheck.http;

import io.tracecheck.FakeProxy;
import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.StoredRollbarItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check's calls take the way the app's would through HTTPS_PROXY, HTTP_PROXY and NO_PROXY: a
 * fake proxy on loopback forwards to the local backends whatever host a call names, so the
 * endpoints can be hosts that resolve nowhere (and would fail if a call went direct).
 */
class ProxyRoutingTest {
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString("me@corp:s3cret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private InetSocketAddress httpPort() {
        return new InetSocketAddress("127.0.0.1", listen.backends().httpPort());
    }

    /** An app exporting to a collector by a name only the proxy can reach. */
    private TestCli collector(String endpoint) {
        return TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint).env("OTEL_SERVICE_NAME", "web");
    }

    @Test
    void plainHttpGoesThroughTheProxyInAbsoluteForm() throws Exception {
        try (FakeProxy proxy = FakeProxy.forwardingTo(httpPort())) {
            TestCli.Result result = collector("http://otel-collector.test:4318").env("HTTP_PROXY", proxy.url())
                    .run("honeycomb", "-o", "json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(proxy.heads()).hasSize(1);
            assertThat(proxy.heads().get(0)).startsWith("POST http://otel-collector.test:4318/v1/traces HTTP/1.1\r\n")
                    .contains("Host: otel-collector.test:4318");
            assertThat(listen.backends().store().spans()).hasSize(2);
        }
    }

    @Test
    void grpcTunnelsThroughConnect() throws Exception {
        try (FakeProxy proxy = FakeProxy.forwardingTo(new InetSocketAddress("127.0.0.1", listen.backends().grpcPort()))) {
            TestCli.Result result = collector("http://otel-collector.test:4317").env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                    .env("http_proxy", proxy.url()).run("honeycomb", "-o", "json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(proxy.heads()).singleElement().asString().startsWith("CONNECT otel-collector.test:4317 HTTP/1.1\r\n");
            assertThat(listen.backends().store().spans()).hasSize(2);
        }
    }

    @Test
    void theProxyUrlsCredentialsAreSentAndNeverPrinted() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            TestCli.Result result = collector("http://otel-collector.test:4318")
                    .env("HTTP_PROXY", "http://me%40corp:s3cret@127.0.0.1:" + proxy.port())
                    .run("honeycomb", "-o", "json", "--verbose");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(proxy.heads().get(0)).contains("Proxy-Authorization: " + AUTHORIZATION);
            assertThat(result.all()).doesNotContain("s3cret").contains("via proxy 127.0.0.1:" + proxy.port() + " (HTTP_PROXY)");
        }
    }

    @Test
    void aProxyThatWantsCredentialsIsNamedWithItsRealm() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).env("HTTPS_PROXY", proxy.url())
                    .run("honeycomb", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
            assertThat(result.problems().get(0)).containsEntry("message", "the proxy 127.0.0.1:" + proxy.port()
                    + " (HTTPS_PROXY) answered 407 Proxy Authentication Required on the way to api.honeycomb.io:443, "
                    + "it asks for Basic credentials (realm \"corp\"); HTTPS_PROXY has no user and password");
            // the credentials are typed, the password unechoed, and the variable refers to them: nothing to fill in
            assertThat(result.problems().get(0).get("fix").toString()).startsWith("read -r PROXY_USER && read -rs PROXY_PASSWORD"
                    + " && export HTTPS_PROXY=\"http://$PROXY_USER:$PROXY_PASSWORD@127.0.0.1:" + proxy.port() + "\"  # ");
            // the summary blames the proxy, never the key
            assertThat(summary(result)).isEqualTo("authenticate: the proxy 127.0.0.1:" + proxy.port()
                    + " refused (407): no credentials in HTTPS_PROXY");
            assertThat(proxy.heads()).singleElement().asString().startsWith("CONNECT api.honeycomb.io:443 HTTP/1.1\r\n");

            TestCli.Result wrong = TestCli.in(home).env(Fixtures.validEnvironment())
                    .env("HTTPS_PROXY", "http://me:wrong@127.0.0.1:" + proxy.port()).run("honeycomb", "-o", "json");
            assertThat(wrong.problems().get(0).get("message").toString())
                    .endsWith("it refused the user and password in HTTPS_PROXY");
            assertThat(wrong.all()).doesNotContain("wrong@");
        }
    }

    /** The proxy URL's user and password are a secret: refused or not, in any output and any fix, neither is printed. */
    @Test
    void aRefusedProxyUrlsUserAndPasswordAreNeverPrinted() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            for (String format : List.of("text", "json")) {
                TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment())
                        .env("HTTPS_PROXY", "http://dev-alice:Hunter2pass@127.0.0.1:" + proxy.port())
                        .run("honeycomb", "-o", format, "--verbose");
                assertThat(result.all()).as(result.toString()).contains("407").doesNotContain("Hunter2pass")
                        .doesNotContain("dev-alice");
            }
        }
    }

    /** When the proxy variable comes from the compose file, the fix edits it there and recreates the container. */
    @Test
    void aComposeServicesProxyIsEditedInTheComposeFile() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            Path file = home.resolve("docker-compose.yml");
            java.nio.file.Files.writeString(file, "services:\n  web:\n    environment:\n"
                    + "      HONEYCOMB_API_KEY: " + Fixtures.INGEST_KEY + "\n"
                    + "      OTEL_EXPORTER_OTLP_ENDPOINT: https://api.honeycomb.io\n"
                    + "      OTEL_EXPORTER_OTLP_HEADERS: x-honeycomb-team=" + Fixtures.INGEST_KEY + "\n"
                    + "      OTEL_SERVICE_NAME: web\n"
                    + "      HTTPS_PROXY: http://127.0.0.1:" + proxy.port() + "\n");
            TestCli.Result result = TestCli.in(home).run("doctor", "--compose", file.toString(), "--service", "web",
                    "--only", "honeycomb", "-o", "json");
            Map<String, Object> problem = result.problems().stream().filter(p -> "http.unexpected".equals(p.get("code")))
                    .findFirst().orElseThrow(() -> new AssertionError(result.toString()));
            assertThat(problem.get("fix").toString()).as(result.toString()).startsWith("edit " + file
                    + ": under services.web.environment set HTTPS_PROXY: \"http://$PROXY_USER:$PROXY_PASSWORD@127.0.0.1:"
                    + proxy.port() + "\"; then read -r PROXY_USER && read -rs PROXY_PASSWORD && export PROXY_USER PROXY_PASSWORD"
                    + " && docker compose -f " + file + " up -d web  # ");
        }
    }

    /** In a Gitpod workspace the proxy's fix is the gp env form, and still types the credentials instead of printing them. */
    @Test
    void aProxysCredentialsAreSetTheGitpodWay() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).env("GITPOD_WORKSPACE_ID", "shop-abc123")
                    .env("HTTPS_PROXY", "http://me:wrong@127.0.0.1:" + proxy.port()).run("honeycomb", "-o", "json");
            assertThat(result.problems().get(0).get("fix").toString()).as(result.toString())
                    .startsWith("read -r PROXY_USER && read -rs PROXY_PASSWORD && gp env HTTPS_PROXY=\"http://$PROXY_USER:"
                            + "$PROXY_PASSWORD@127.0.0.1:" + proxy.port() + "\" && eval \"$(gp env -e)\"  # ")
                    .doesNotContain("wrong");
        }
    }

    @Test
    void noProxyAndLoopbackGoDirect() throws Exception {
        try (FakeProxy proxy = FakeProxy.forwardingTo(httpPort())) {
            TestCli.Result bypassed = collector("http://otel-collector.test:4318").env("HTTP_PROXY", proxy.url())
                    .env("NO_PROXY", "localhost,.test").run("honeycomb", "-o", "json");
            // direct, the name resolves nowhere: the proxy would have reached the collector
            assertThat(bypassed.codes()).as(bypassed.toString()).containsExactly("net.dns");

            TestCli.Result loopback = collector(listen.backends().httpBaseUrl()).env("HTTP_PROXY", proxy.url())
                    .run("honeycomb", "-o", "json");
            assertThat(loopback.exitCode()).as(loopback.toString()).isZero();
            assertThat(proxy.heads()).isEmpty();
        }
    }

    @Test
    void aProxyThatCannotBeReachedIsTheOneNamed() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TestCli.Result result = collector("http://otel-collector.test:4318")
                .env("HTTP_PROXY", "http://127.0.0.1:" + closed).run("honeycomb", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("net.refused");
        assertThat(result.problems().get(0)).containsEntry("message", "the proxy in HTTP_PROXY, on the way to "
                + "otel-collector.test: nothing accepts connections on 127.0.0.1:" + closed);
        assertThat(result.problems().get(0)).containsEntry("fix", "export NO_PROXY=\"$NO_PROXY,otel-collector.test\"  # to go "
                + "direct, when otel-collector.test is reachable without it; else correct HTTP_PROXY: the app uses the same proxy");
        // the check's line names the proxy, not the collector
        assertThat(summary(result)).isEqualTo("send: could not reach the proxy 127.0.0.1:" + closed + " (connection refused)");
    }

    @Test
    void rollbarsItemGoesThroughTheProxy() throws Exception {
        try (FakeProxy proxy = FakeProxy.forwardingTo(httpPort())) {
            TestCli.Result result = TestCli.in(home)
                    .env("ROLLBAR_ACCESS_TOKEN", io.tracecheck.listen.rollbar.AcceptedToken.LOCAL_SERVER.token())
                    .env("ROLLBAR_ENDPOINT", "http://rollbar.test:8080/api/1/item/").env("HTTP_PROXY", proxy.url())
                    .run("rollbar", "-o", "json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(proxy.heads()).singleElement().asString()
                    .startsWith("POST http://rollbar.test:8080/api/1/item/ HTTP/1.1\r\n")
                    .containsIgnoringCase("x-rollbar-access-token: ");
            assertThat(listen.backends().store().find(StoredRollbarItem.class, item -> true)).hasSize(1);
        }
    }

    @Test
    void theAwsSdkGoesThroughTheSameProxyWithItsCredentials() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            Map<String, String> local = Fixtures.localBackends(listen.backends());
            TestCli.Result result = TestCli.in(home).env("AWS_REGION", "us-east-1")
                    .env("AWS_ACCESS_KEY_ID", local.get("AWS_ACCESS_KEY_ID"))
                    .env("AWS_SECRET_ACCESS_KEY", local.get("AWS_SECRET_ACCESS_KEY"))
                    .env("AWS_ENDPOINT_URL", "http://aws.test:4566")
                    .env("http_proxy", "http://me%40corp:s3cret@127.0.0.1:" + proxy.port())
                    .run("logs", "--create", "-o", "json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> heads = proxy.heads();
            assertThat(heads).isNotEmpty().allSatisfy(head -> assertThat(head).startsWith("POST http://aws.test:4566")
                    .containsIgnoringCase("proxy-authorization: " + AUTHORIZATION));
            assertThat(result.all()).doesNotContain("s3cret");
        }
    }

    @Test
    void anAwsTunnelRefusedByTheProxyIsNotAws() throws Exception {
        try (FakeProxy proxy = FakeProxy.demandingCredentials(httpPort(), "corp", AUTHORIZATION)) {
            TestCli.Result result = TestCli.in(home).env("AWS_REGION", "us-east-1")
                    .env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID).env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET)
                    .env("HTTPS_PROXY", proxy.url()).run("xray", "--via", "api", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
            assertThat(result.problems().get(0)).containsEntry("message", "the proxy 127.0.0.1:" + proxy.port()
                    + " (HTTPS_PROXY) answered 407 Proxy Authentication Required on the way to "
                    + "sts.us-east-1.amazonaws.com:443; HTTPS_PROXY has no user and password");
            assertThat(proxy.heads()).singleElement().asString().startsWith("CONNECT sts.us-east-1.amazonaws.com:443 ");
        }
    }

    @Test
    void envShowsWhichWayEachHostGoesWithoutTheCredentials() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("HTTPS_PROXY", "http://me:s3cret@proxy.corp:3128").env("NO_PROXY", "api.rollbar.com").run("env");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("HTTPS_PROXY\\s+http://…@proxy\\.corp:3128\\s+env\\s+ok: "
                + "api\\.honeycomb\\.io goes through proxy\\.corp:3128").doesNotContain("s3cret");

        TestCli.Result socks = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("HTTPS_PROXY", "socks5://proxy.corp:1080").run("env", "-o", "json", "--only", "rollbar");
        assertThat(socks.codes()).as(socks.toString()).containsExactly("config.malformed");
        assertThat(socks.problems().get(0).get("message").toString())
                .isEqualTo("HTTPS_PROXY names a socks5:// proxy; tracecheck speaks to http:// proxies only, so it would "
                        + "go direct where the app goes through the proxy");
    }

    @SuppressWarnings("unchecked")
    private static String summary(TestCli.Result result) {
        return String.valueOf(((List<Map<String, Object>>) result.json().get("checks")).get(0).get("summary"));
    }
}
