package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FakeProxy;
import io.tracecheck.Fixtures;
import io.tracecheck.OneTransportPort;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher in the user's real situations: only HONEYCOMB_API_KEY set, grpc sent to the HTTP
 * port, a captive portal where Honeycomb's API should be, a proxy that wants credentials. Each
 * says what really broke, with its exact code and message.
 */
class SdkTruthIT {
    @TempDir
    Path home;

    private Launcher launcher() {
        return new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> problems(Launcher.Run run) throws Exception {
        Map<String, Object> report = JSON.std.mapFrom(run.out());
        return ((List<Map<String, Object>>) report.get("checks")).stream()
                .flatMap(check -> ((List<Map<String, Object>>) check.get("problems")).stream()).toList();
    }

    @Test
    void onlyTheKeySetSaysWhereAPlainSdkSends() throws Exception {
        Launcher.Run run = launcher().env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY).env("OTEL_SERVICE_NAME", "web")
                .run("env", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(problems(run)).singleElement().satisfies(problem -> assertThat(problem)
                .containsEntry("code", "honeycomb.endpoint-unset").containsEntry("severity", "warn")
                .containsEntry("message", "OTEL_EXPORTER_OTLP_ENDPOINT is unset, so a plain OpenTelemetry SDK exports "
                        + "http/protobuf to http://localhost:4318/v1/traces with no x-honeycomb-team header, not to Honeycomb: "
                        + "HONEYCOMB_API_KEY is read only by Honeycomb's own distributions")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io "
                        + "OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\""));
        assertThat(run.out()).doesNotContain(Fixtures.INGEST_KEY);
    }

    @Test
    void grpcToTheHttpPortSaysWhichProtocolThePortSpeaks() throws Exception {
        // a collector's OTLP/HTTP port (listen's own explains the wrong transport in words of its own)
        try (OneTransportPort backends = OneTransportPort.http1()) {
            Launcher.Run run = launcher().env("OTEL_EXPORTER_OTLP_ENDPOINT", backends.url())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(problems(run)).singleElement().satisfies(problem -> {
                assertThat(problem).containsEntry("code", "honeycomb.protocol-mismatch")
                        .containsEntry("fix", "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
                assertThat(problem.get("message").toString()).matches("127\\.0\\.0\\.1:" + backends.port()
                        + " speaks OTLP/HTTP \\(HTTP/1\\.1\\), not grpc: it answered 'HTTP/1\\.1 \\d{3}[^']*' to the HTTP/2 "
                        + "preface; set the protocol to http/protobuf, or point the endpoint at the collector's grpc port "
                        + "\\(usually 4317\\)");
            });
        }
    }

    @Test
    void aPortalPageFromAuthIsNotAVerdictOnTheKey() throws Exception {
        try (MockWebServer portal = new MockWebServer()) {
            portal.start();
            String base = portal.url("/").toString().replaceAll("/$", "");
            portal.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                    .body("<html><head><title>Sign in to GuestWiFi</title></head></html>").build());
            Launcher.Run run = launcher().env("HONEYCOMB_API_ENDPOINT", base).env("HONEYCOMB_API_KEY", Fixtures.CONFIG_KEY)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", base).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + Fixtures.CONFIG_KEY)
                    .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(problems(run)).singleElement().satisfies(problem -> assertThat(problem)
                    .containsEntry("code", "http.unexpected")
                    .containsEntry("message", base + "/1/auth answered 200 OK (text/html), a web page titled "
                            + "\"Sign in to GuestWiFi\": a proxy, a captive portal or a wrong URL answered, not Honeycomb")
                    .containsEntry("fix", "export HONEYCOMB_API_ENDPOINT=https://api.honeycomb.io"));
        }
    }

    @Test
    void aProxyThatWantsCredentialsIsNamed() throws Exception {
        String authorization = "Basic " + java.util.Base64.getEncoder().encodeToString("me:pw".getBytes());
        try (FakeProxy proxy = FakeProxy.demandingCredentials(new InetSocketAddress("127.0.0.1", 9), "corp", authorization)) {
            Launcher.Run run = launcher().env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io")
                    .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + Fixtures.INGEST_KEY)
                    .env("OTEL_SERVICE_NAME", "web").env("HTTPS_PROXY", proxy.url()).run("honeycomb", "-o", "json");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(problems(run)).singleElement().satisfies(problem -> assertThat(problem)
                    .containsEntry("code", "http.unexpected")
                    .containsEntry("message", "the proxy 127.0.0.1:" + proxy.port() + " (HTTPS_PROXY) answered 407 Proxy "
                            + "Authentication Required on the way to api.honeycomb.io:443, it asks for Basic credentials "
                            + "(realm \"corp\"); HTTPS_PROXY has no user and password"));
            assertThat(proxy.heads()).singleElement().asString().startsWith("CONNECT api.honeycomb.io:443 HTTP/1.1\r\n");
        }
    }
}
