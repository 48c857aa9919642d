package io.tracecheck.compose;

import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a compose service's container would see, and tracecheck env/doctor checking it. */
class ComposeEnvironmentTest {
    @TempDir
    Path dir;

    private Path compose(String yaml) throws Exception {
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void mapAndListFormsEnvFilesAndTheProjectDotEnv() throws Exception {
        Files.writeString(dir.resolve(".env"), "REGION=eu-west-1\nSERVICE=from-dotenv\n");
        Files.writeString(dir.resolve("common.env"), "ROLLBAR_ENVIRONMENT=staging\nOTEL_SERVICE_NAME=overridden\n");
        Path file = compose("""
                services:
                  web:
                    env_file: common.env
                    environment:
                      OTEL_SERVICE_NAME: ${SERVICE}
                      AWS_REGION: ${REGION}
                      PASSED_THROUGH:
                  worker:
                    env_file:
                      - path: optional.env
                        required: false
                    environment:
                      - AWS_REGION=${REGION:-us-east-1}
                      - SHELL_ONLY
                      - LITERAL=$$HOME
                """);
        ComposeEnvironment web = ComposeEnvironment.read(file, "web", Map.of("SERVICE", "from-shell", "PASSED_THROUGH", "yes"));
        assertThat(web.variables()).containsEntry("OTEL_SERVICE_NAME", "from-shell") // shell beats .env, environment beats env_file
                .containsEntry("AWS_REGION", "eu-west-1").containsEntry("ROLLBAR_ENVIRONMENT", "staging")
                .containsEntry("PASSED_THROUGH", "yes");
        ComposeEnvironment worker = ComposeEnvironment.read(file, "worker", Map.of());
        assertThat(worker.variables()).containsEntry("AWS_REGION", "eu-west-1").containsEntry("LITERAL", "$HOME")
                .doesNotContainKey("SHELL_ONLY");
    }

    @Test
    void unsetReferencesAreReported() throws Exception {
        Path file = compose("""
                services:
                  web:
                    environment:
                      HONEYCOMB_API_KEY: ${HONEYCOMB_API_KEY}
                      OTEL_SERVICE_NAME: ${NAME:-web}
                """);
        ComposeEnvironment web = ComposeEnvironment.read(file, "web", Map.of());
        assertThat(web.unsetReferences()).containsExactly("HONEYCOMB_API_KEY");
        assertThat(web.variables()).containsEntry("HONEYCOMB_API_KEY", "").containsEntry("OTEL_SERVICE_NAME", "web");
    }

    @Test
    void brokenFilesAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> ComposeEnvironment.read(compose("services:\n  web: [unclosed\n"), "web", Map.of()))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ComposeEnvironment.read(compose("services:\n  web: {}\n"), "api", Map.of()))
                .hasMessageContaining("no service 'api' (services: web)");
        assertThatThrownBy(() -> ComposeEnvironment.read(compose("version: '3'\n"), "web", Map.of()))
                .hasMessageContaining("no services");
        assertThatThrownBy(() -> ComposeEnvironment.read(compose(
                "services:\n  web:\n    environment:\n      KEY: ${KEY:?set KEY first}\n"), "web", Map.of()))
                .hasMessageContaining("required variable KEY is missing a value: set KEY first");
    }

    @Test
    void envChecksWhatTheContainerWouldSee() throws Exception {
        Path file = compose("""
                services:
                  web:
                    environment:
                      OTEL_EXPORTER_OTLP_ENDPOINT: https://api.honeycomb.io
                      OTEL_EXPORTER_OTLP_HEADERS: x-honeycomb-team=${HONEYCOMB_API_KEY}
                      OTEL_SERVICE_NAME: web
                """);
        TestCli.Result missing = TestCli.in(dir).run("env", "--compose", file.toString(), "--service", "web", "-o", "json");
        assertThat(missing.codes()).as(missing.toString()).containsExactly("config.missing", "config.missing");
        assertThat(missing.problems().get(0).get("message").toString())
                .contains("HONEYCOMB_API_KEY is referenced in").contains("(service web) but unset in this shell");
        assertThat(missing.exitCode()).isEqualTo(1);

        String key = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";
        TestCli.Result ok = TestCli.in(dir).env("HONEYCOMB_API_KEY", key)
                .run("env", "--compose", file.toString(), "--service", "web", "-o", "json");
        assertThat(ok.codes()).as(ok.toString()).isEmpty();
        assertThat(ok.all()).doesNotContain(key);
    }

    @Test
    void badComposeUsageIsExitTwo() throws Exception {
        Path file = compose("services:\n  web: [unclosed\n");
        TestCli.Result result = TestCli.in(dir).run("env", "--compose", file.toString(), "--service", "web");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("not valid YAML").doesNotContain("\tat ");
        assertThat(TestCli.in(dir).run("doctor", "--compose", file.toString()).exitCode()).isEqualTo(2);
    }
}
