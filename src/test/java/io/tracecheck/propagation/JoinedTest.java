package io.tracecheck.propagation;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Does one request make one trace? Backends instrumented with the OpenTelemetry SDK export to a real
 * listen; the check finds the backend's span under the trace it sent, in a trace of its own, or nowhere.
 */
class JoinedTest {
    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    /** The backend's environment points at listen, so the default source is that listen. */
    private TestCli cli() {
        return TestCli.in(home).env("PWD", home.toString()).env("AWS_EC2_METADATA_DISABLED", "true")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().httpBaseUrl());
    }

    @Test
    void aBackendThatExtractsTheContextJoinsTheTraceSent() throws Exception {
        try (InstrumentedApp app = new InstrumentedApp(listen.backends().httpBaseUrl(), true)) {
            TestCli.Result result = cli().run("propagation", app.url("/api/items"), "-o", "json");

            assertThat(result.codes()).as(result.toString()).isEmpty();
            assertThat(result.exitCode()).isZero();
            Map<String, Object> check = result.checks().get(0);
            assertThat((String) check.get("summary")).startsWith("one trace: the backend's span 'GET /api/items' (flask-api) "
                    + "is a child of the span sent");
            Map<?, ?> artifacts = (Map<?, ?>) check.get("artifacts");
            assertThat(artifacts.get("link").toString()).isEqualTo(listen.backends().httpBaseUrl() + "/tracecheck/traces/" + artifacts.get("trace_id"));
        }
    }

    @Test
    void aBackendThatIgnoresIncomingHeadersStartedItsOwnTrace() throws Exception {
        try (InstrumentedApp app = new InstrumentedApp(listen.backends().httpBaseUrl(), false)) {
            TestCli.Result result = cli().env("OTEL_PROPAGATORS", "b3").run("propagation", app.url("/api/items"),
                    "--verify-timeout", "1s", "-o", "json");

            assertThat(result.codes()).as(result.toString()).contains("propagation.not-joined");
            Map<String, Object> problem = result.problems().stream().filter(p -> p.get("code").equals("propagation.not-joined"))
                    .findFirst().orElseThrow();
            assertThat((String) problem.get("message")).contains("started its own trace").contains("for /api/items (root 'GET /api/items', flask-api)")
                    .contains("OTEL_PROPAGATORS is 'b3', without tracecontext");
            assertThat(problem.get("fix")).isEqualTo("export OTEL_PROPAGATORS=tracecontext,baggage  # in the backend's environment; then restart it");
            assertThat(result.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aBackendThatExportsNothingIsToldApartFromOneThatDoesNotJoin() throws Exception {
        try (InstrumentedApp app = new InstrumentedApp("http://127.0.0.1:9", true)) {
            TestCli.Result result = cli().run("propagation", app.url("/api/items"), "--verify-timeout", "1s", "-o", "json");

            assertThat(result.codes()).as(result.toString()).containsExactly("propagation.nothing-arrived");
            assertThat(result.problems().get(0).get("message").toString()).contains("nor any trace for /api/items")
                    .contains("does not export to listen at " + listen.backends().httpBaseUrl());
        }
    }

    @Test
    void withNoListenRunningTheLookupSaysSo() throws Exception {
        try (InstrumentedApp app = new InstrumentedApp(listen.backends().httpBaseUrl(), true)) {
            TestCli.Result result = cli().run("propagation", app.url("/api/items"), "--listen-url", "http://127.0.0.1:9",
                    "--verify-timeout", "1s", "-o", "json");

            assertThat(result.codes()).as(result.toString()).containsExactly("net.refused");
            assertThat(result.checks().get(0).get("summary").toString()).startsWith("joined: could not reach 127.0.0.1:9");
        }
    }

    @Test
    void honeycombAsTheSourceFindsTheJoinedSpanThroughTheQueryDataApi() throws Exception {
        String key = io.tracecheck.listen.honeycomb.AcceptedKey.LOCAL_CONFIGURATION.key();
        try (InstrumentedApp app = new InstrumentedApp(listen.backends().httpBaseUrl(), true, 0, Map.of("x-honeycomb-team", key))) {
            TestCli.Result result = TestCli.in(home).env("PWD", home.toString()).env("HONEYCOMB_API_KEY", key)
                    .env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl())
                    .run("propagation", app.url("/api/items"), "--source", "honeycomb", "--verify-timeout", "20s", "-o", "json");

            assertThat(result.codes()).as(result.toString()).isEmpty();
            assertThat(result.checks().get(0).get("summary").toString()).startsWith("one trace: the backend's span 'GET /api/items'");
        }
    }

    @Test
    void xrayAsTheSourceFindsTheSegmentThatJoinedTheXrayHeader() throws Exception {
        try (InstrumentedApp joins = new InstrumentedApp(listen.backends().httpBaseUrl(), true, listen.backends().udpPort())) {
            TestCli.Result result = awsLocal().run("propagation", joins.url("/api/items"), "--source", "xray", "-o", "json");

            assertThat(result.codes()).as(result.toString()).isEmpty();
            assertThat(result.checks().get(0).get("summary").toString()).startsWith("one trace: the backend's span 'flask-api'");
        }
    }

    private TestCli awsLocal() {
        return TestCli.in(home).env("PWD", home.toString()).env("AWS_EC2_METADATA_DISABLED", "true").env("AWS_REGION", "us-east-1")
                .env("AWS_ACCESS_KEY_ID", io.tracecheck.listen.aws.AcceptedCredentials.LOCAL.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", io.tracecheck.listen.aws.AcceptedCredentials.LOCAL.secretAccessKey())
                .env("AWS_ENDPOINT_URL", listen.backends().httpBaseUrl());
    }
}
