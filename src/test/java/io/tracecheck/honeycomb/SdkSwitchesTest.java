package io.tracecheck.honeycomb;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK switches that make an app export nothing (or join no incoming trace) although every
 * endpoint and key is right: each is named with the variable and the value that turns it back on.
 */
class SdkSwitchesTest {
    @TempDir
    Path home;

    private TestCli configured() {
        return TestCli.in(home).env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY).env("OTEL_SERVICE_NAME", "web")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + Fixtures.INGEST_KEY);
    }

    @Test
    void theDefaultsRaiseNothing() {
        TestCli.Result result = configured().run("env", "-o", "json");
        assertThat(result.codes()).as(result.toString()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "OTEL_SDK_DISABLED|TRUE|otel.sdk-disabled|fail|no-op and exports nothing|unset OTEL_SDK_DISABLED",
            "OTEL_TRACES_EXPORTER|none|otel.exporter-off|fail|exports no spans at all|export OTEL_TRACES_EXPORTER=otlp",
            "OTEL_TRACES_EXPORTER|console|otel.exporter-off|fail|spans go to console only|export OTEL_TRACES_EXPORTER=otlp",
            "OTEL_TRACES_EXPORTER|oltp|otel.exporter-off|fail|(did you mean otlp?)|export OTEL_TRACES_EXPORTER=otlp",
            "OTEL_TRACES_SAMPLER|always_off|otel.sampled-out|fail|samples every trace out|export OTEL_TRACES_SAMPLER=parentbased_always_on",
            "OTEL_TRACES_SAMPLER|parentbased_always_off|otel.sampled-out|fail|starts no sampled trace of its own|export OTEL_TRACES_SAMPLER=parentbased_always_on",
            "OTEL_TRACES_SAMPLER|alwaysoff|config.malformed|fail|(did you mean always_off?)|export OTEL_TRACES_SAMPLER=parentbased_always_on",
            "OTEL_PROPAGATORS|b3|otel.propagators|warn|without tracecontext|export OTEL_PROPAGATORS=tracecontext,baggage",
            "OTEL_PROPAGATORS|xray|otel.propagators|warn|ignores the W3C traceparent|export OTEL_PROPAGATORS=tracecontext,baggage,xray",
            "OTEL_PROPAGATORS|none|otel.propagators|warn|joins no incoming trace|export OTEL_PROPAGATORS=tracecontext,baggage",
            "OTEL_PROPAGATORS|tracecontext,w3c|otel.propagators|fail|'w3c', a propagator no SDK knows|export OTEL_PROPAGATORS=tracecontext,baggage",
    })
    void eachSwitchThatStopsTheAppIsNamed(String variable, String value, String code, String severity, String words, String fix) {
        TestCli.Result result = configured().env(variable, value).run("env", "-o", "json");

        assertThat(result.codes()).as(result.toString()).containsExactly(code);
        Map<String, Object> problem = result.problems().get(0);
        assertThat(problem).containsEntry("severity", severity);
        assertThat((String) problem.get("message")).contains(variable).contains(words);
        assertThat((String) problem.get("fix")).startsWith(fix);
        assertThat(result.exitCode()).isEqualTo(severity.equals("fail") ? 1 : 0);
    }

    @Test
    void aSamplingRatioIsReadAsTheSdkReadsIt() {
        assertThat(configured().env("OTEL_TRACES_SAMPLER", "traceidratio").env("OTEL_TRACES_SAMPLER_ARG", "0")
                .run("env", "-o", "json").problems().get(0)).containsEntry("code", "otel.sampled-out").containsEntry("severity", "fail");
        assertThat(configured().env("OTEL_TRACES_SAMPLER", "parentbased_traceidratio").env("OTEL_TRACES_SAMPLER_ARG", "0.01")
                .run("env", "-o", "json").problems().get(0)).containsEntry("code", "otel.sampled-out").containsEntry("severity", "warn")
                .containsEntry("fix", "export OTEL_TRACES_SAMPLER_ARG=1.0  # while you test; then restart the app");
        assertThat(configured().env("OTEL_TRACES_SAMPLER", "traceidratio").env("OTEL_TRACES_SAMPLER_ARG", "half")
                .run("env", "-o", "json").codes()).containsExactly("config.malformed");
        // a ratio only matters to the ratio samplers, and 1.0 is the SDK's own default
        assertThat(configured().env("OTEL_TRACES_SAMPLER", "traceidratio").run("env", "-o", "json").codes()).isEmpty();
        assertThat(configured().env("OTEL_TRACES_SAMPLER_ARG", "0").run("env", "-o", "json").codes()).isEmpty();
    }

    @Test
    void pythonsTransportSpecificExporterMustAgreeWithTheProtocol() {
        TestCli.Result result = configured().env("OTEL_TRACES_EXPORTER", "otlp_proto_grpc").run("env", "-o", "json");
        assertThat(result.codes()).containsExactly("config.conflict");
        assertThat(result.problems().get(0)).containsEntry("fix", "export OTEL_TRACES_EXPORTER=otlp_proto_http");
        assertThat(configured().env("OTEL_TRACES_EXPORTER", "otlp_proto_http,console").run("env", "-o", "json").codes()).isEmpty();
    }

    @Test
    void inGitpodTheFixPersistsForTheWorkspace() {
        TestCli.Result result = configured().env("GITPOD_WORKSPACE_ID", "ws-1").env("OTEL_SDK_DISABLED", "true")
                .run("env", "-o", "json");
        assertThat(result.problems().get(0).get("fix").toString()).startsWith("gp env -u OTEL_SDK_DISABLED && unset OTEL_SDK_DISABLED");
    }
}
