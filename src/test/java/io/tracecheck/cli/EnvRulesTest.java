package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.tracecheck.Fixtures.CLASSIC_KEY;
import static io.tracecheck.Fixtures.CONFIG_KEY;
import static io.tracecheck.Fixtures.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** One row per static rule of {@code tracecheck env}: a real-looking bad value, the code it yields, the exit status. */
class EnvRulesTest {
    @TempDir
    Path home;

    /** A change to the valid environment: {@code null} removes the variable. */
    private static Map<String, String> change(String... pairs) {
        Map<String, String> changes = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            changes.put(pairs[i], pairs[i + 1]);
        }
        return changes;
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // config.placeholder
                arguments("key is ${VAR}", change("HONEYCOMB_API_KEY", "${HONEYCOMB_API_KEY}", "OTEL_EXPORTER_OTLP_HEADERS", null, "OTEL_EXPORTER_OTLP_ENDPOINT", null), "config.placeholder", 1),
                arguments("key is $VAR", change("HONEYCOMB_API_KEY", "$HONEYCOMB_KEY", "OTEL_EXPORTER_OTLP_HEADERS", null, "OTEL_EXPORTER_OTLP_ENDPOINT", null), "config.placeholder", 1),
                arguments("token is <your-key>", change("ROLLBAR_ACCESS_TOKEN", "<your-rollbar-token>"), "config.placeholder", 1),
                arguments("secret is changeme", change("AWS_SECRET_ACCESS_KEY", "changeme"), "config.placeholder", 1),
                arguments("OTLP header value unexpanded", change("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=${HONEYCOMB_API_KEY}"), "config.placeholder", 1),
                // config.whitespace
                arguments("key with trailing newline", change("HONEYCOMB_API_KEY", INGEST_KEY + "\n"), "config.whitespace", 1),
                arguments("service name in quotes", change("OTEL_SERVICE_NAME", "\"flask-backend\""), "config.whitespace", 1),
                arguments("region with leading space", change("AWS_REGION", " eu-west-1"), "config.whitespace", 1),
                // config.malformed
                arguments("endpoint without scheme", change("OTEL_EXPORTER_OTLP_ENDPOINT", "api.honeycomb.io"), "config.malformed", 1),
                arguments("header list without '='", change("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team:" + INGEST_KEY), "config.malformed", 1),
                arguments("header value broken percent-encoding", change("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + INGEST_KEY + ",x-extra=50%zz"), "config.malformed", 1),
                arguments("protocol 'http'", change("OTEL_EXPORTER_OTLP_PROTOCOL", "http"), "config.malformed", 1),
                arguments("timeout with a unit", change("OTEL_EXPORTER_OTLP_TIMEOUT", "10s"), "config.malformed", 1),
                arguments("region without dash", change("AWS_REGION", "us-east1"), "config.malformed", 1),
                arguments("daemon address without port", change("AWS_XRAY_DAEMON_ADDRESS", "localhost"), "config.malformed", 1),
                arguments("daemon address tcp only", change("AWS_XRAY_DAEMON_ADDRESS", "tcp:127.0.0.1:2000"), "config.malformed", 1),
                arguments("daemon address port out of range", change("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:70000"), "config.malformed", 1),
                arguments("rollbar endpoint not a URL", change("ROLLBAR_ENDPOINT", "api.rollbar.com/api/1/item/"), "config.malformed", 1),
                arguments("rollbar token not 32 hex (warn)", change("ROLLBAR_ACCESS_TOKEN", "post_server_item_abc123"), "config.malformed", 0),
                arguments("log group with a space", change("TRACECHECK_LOG_GROUP", "my logs"), "config.malformed", 1),
                arguments("plain http to Honeycomb", change("OTEL_EXPORTER_OTLP_ENDPOINT", "http://api.honeycomb.io"), "config.malformed", 1),
                arguments("configuration key ID instead of token", change("HONEYCOMB_API_KEY", "hcxlk_01hq9rz3", "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=hcxlk_01hq9rz3"), "config.malformed", 1),
                // config.conflict
                arguments("header key differs from HONEYCOMB_API_KEY", change("HONEYCOMB_API_KEY", CONFIG_KEY), "config.conflict", 0),
                arguments("AWS_REGION differs from AWS_DEFAULT_REGION", change("AWS_DEFAULT_REGION", "us-east-1"), "config.conflict", 0),
                arguments("OTLP in US, API endpoint in EU", change("HONEYCOMB_API_ENDPOINT", "https://api.eu1.honeycomb.io"), "config.conflict", 0),
                arguments("http protocol on the gRPC port", change("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317", "OTEL_EXPORTER_OTLP_HEADERS", null), "config.conflict", 1),
                arguments("grpc protocol on the HTTP port", change("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_HEADERS", null), "config.conflict", 1),
                // config.missing
                arguments("OTLP to Honeycomb without x-honeycomb-team", change("OTEL_EXPORTER_OTLP_HEADERS", null), "config.missing", 1),
                arguments("access key id without secret", change("AWS_SECRET_ACCESS_KEY", null), "config.missing", 1),
                arguments("temporary key without session token", change("AWS_ACCESS_KEY_ID", "ASIAZ7Q3XW5EXAMPLE42"), "config.missing", 1),
                arguments("profile that does not exist", change("AWS_PROFILE", "staging", "AWS_ACCESS_KEY_ID", null, "AWS_SECRET_ACCESS_KEY", null), "config.missing", 1),
                // AWS codes
                arguments("unknown region", change("AWS_REGION", "us-east-7"), "aws.region-invalid", 1),
                arguments("credentials without region", change("AWS_REGION", null), "aws.region-missing", 1),
                // Honeycomb codes
                arguments("classic key without dataset", change("HONEYCOMB_API_KEY", CLASSIC_KEY, "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + CLASSIC_KEY), "honeycomb.dataset-missing", 1),
                arguments("environment key with dataset", change("HONEYCOMB_DATASET", "flask"), "honeycomb.dataset-ignored", 0),
                arguments("environment key with dataset header", change("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + INGEST_KEY + ",x-honeycomb-dataset=flask"), "honeycomb.dataset-ignored", 0),
                arguments("management key", change("HONEYCOMB_API_KEY", "hcamk_01hq9rz3example", "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=hcamk_01hq9rz3example"), "honeycomb.key-permission", 1),
                arguments("no service name", change("OTEL_SERVICE_NAME", null), "honeycomb.service-name-missing", 0),
                arguments("service name unknown_service", change("OTEL_SERVICE_NAME", "unknown_service:python"), "honeycomb.service-name-missing", 0),
                arguments("base endpoint already ends in /v1/traces", change("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io/v1/traces"), "honeycomb.endpoint-path", 1),
                arguments("traces endpoint without /v1/traces", change("OTEL_EXPORTER_OTLP_ENDPOINT", null, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://api.honeycomb.io"), "honeycomb.endpoint-path", 1));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rules")
    void eachRuleYieldsItsCode(String name, Map<String, String> changes, String code, int exit) {
        TestCli cli = TestCli.in(home).env(Fixtures.validEnvironment());
        changes.forEach((k, v) -> {
            if (v == null) {
                cli.without(k);
            } else {
                cli.env(k, v);
            }
        });
        TestCli.Result result = cli.run("env", "-o", "json");
        assertThat(result.codes()).as(result.toString()).contains(code);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exit);
    }

    @Test
    void validConfigurationHasNoProblem() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).run("env", "-o", "json");
        assertThat(result.codes()).as(result.toString()).isEmpty();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("status")).isEqualTo("pass");
    }

    @Test
    void classicKeyWithDatasetAndCollectorIsValid() {
        TestCli.Result result = TestCli.in(home)
                .env("HONEYCOMB_API_KEY", CLASSIC_KEY)
                .env("HONEYCOMB_DATASET", "flask")
                .env("OTEL_SERVICE_NAME", "flask-backend")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318")
                .env("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-honeycomb-team=" + CLASSIC_KEY + ",x-honeycomb-dataset=flask")
                .env("AWS_XRAY_DAEMON_ADDRESS", "tcp:127.0.0.1:2000 udp:127.0.0.2:2000")
                .run("env", "-o", "json", "--only", "honeycomb");
        assertThat(result.codes()).as(result.toString()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void serviceNameFromResourceAttributesCounts() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).without("OTEL_SERVICE_NAME")
                .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=dev,service.name=flask-backend")
                .run("env", "-o", "json");
        assertThat(result.codes()).as(result.toString()).isEmpty();
    }

    @Test
    void regionFromProfileFileCounts() throws Exception {
        java.nio.file.Files.writeString(home.resolve("aws-config"), "[profile staging]\nregion = eu-central-1\n");
        java.nio.file.Files.writeString(home.resolve("aws-credentials"), "[staging]\naws_access_key_id = x\naws_secret_access_key = y\n");
        TestCli.Result result = TestCli.in(home).env("AWS_PROFILE", "staging").run("env", "-o", "json", "--only", "xray");
        assertThat(result.codes()).as(result.toString()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void fixesNameTheValueToType() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("AWS_REGION", "us-east1").run("env");
        assertThat(result.out()).as(result.toString())
                .contains("AWS_REGION is 'us-east1', not a region code; did you mean us-east-1?")
                .contains("fix: export AWS_REGION=us-east-1");
    }

    @Test
    void gitpodFixesPersistWithGpEnvAndLoadIntoThisShell() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("GITPOD_WORKSPACE_ID", "tracecheck-abc123").without("OTEL_SERVICE_NAME").run("env");
        assertThat(result.out()).as(result.toString())
                .contains("fix: gp env OTEL_SERVICE_NAME=my-app && eval \"$(gp env -e)\"");
    }

    @Test
    void tableListsVariablesWithSourceAndVerdict() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).run("env");
        assertThat(result.out()).as(result.toString())
                .containsPattern("HONEYCOMB_API_KEY\\s+hcai…\\(64 chars\\)\\s+env\\s+ok: ingest key")
                .containsPattern("ROLLBAR_ENDPOINT\\s+https://api.rollbar.com/api/1/item/\\s+default")
                .containsPattern("AWS_REGION\\s+eu-west-1\\s+env\\s+ok: known region");
    }

    @Test
    void nothingConfiguredExitsThree() {
        TestCli.Result result = TestCli.in(home).run("env");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).contains("nothing configured");
    }

    @Test
    void strictTurnsWarningsIntoFailure() {
        TestCli cli = TestCli.in(home).env(Fixtures.validEnvironment()).env("AWS_DEFAULT_REGION", "us-east-1");
        assertThat(cli.run("env").exitCode()).isZero();
        assertThat(cli.run("env", "--strict").exitCode()).isEqualTo(1);
        // doctor --strict is covered against local backends in ExitCodesTest: doctor would send probes
    }
}
