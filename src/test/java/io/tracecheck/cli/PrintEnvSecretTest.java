package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eval "$(tracecheck listen --honeycomb-key "$HONEYCOMB_API_KEY" --print-env)"}: the lines
 * never hold a key given with a flag, and bash's eval of them sets every variable to the real value,
 * whether or not the shell exports it.
 */
class PrintEnvSecretTest {
    @TempDir
    Path home;

    /** What bash sets after eval of {@code lines}, with {@code exported} in its environment. */
    private static String evalInBash(String lines, Map<String, String> exported, String shellOnly) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", shellOnly + "\neval \"$1\" && printf '%s|%s|%s' "
                + "\"$HONEYCOMB_API_KEY\" \"$OTEL_EXPORTER_OTLP_HEADERS\" \"$ROLLBAR_ACCESS_TOKEN\"", "_", lines)
                .redirectErrorStream(true);
        bash.environment().clear();
        bash.environment().put("PATH", System.getenv("PATH"));
        bash.environment().putAll(exported);
        Process process = bash.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "|exit " + process.exitValue();
    }

    private TestCli.Result printEnv(Map<String, String> env) {
        return TestCli.in(home).env(env).run("listen", "--honeycomb-key", Fixtures.INGEST_KEY, "--rollbar-token",
                Fixtures.ROLLBAR_TOKEN, "--print-env");
    }

    @Test
    void aKeyTheShellExportsIsReferencedAndEvalSetsIt() throws Exception {
        Map<String, String> env = Map.of("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY, "MY_ROLLBAR", Fixtures.ROLLBAR_TOKEN);
        TestCli.Result result = printEnv(env);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain(Fixtures.INGEST_KEY.substring(4, 12)).doesNotContain("…")
                .contains("export HONEYCOMB_API_KEY=\"${HONEYCOMB_API_KEY}\"")
                .contains("export OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=${HONEYCOMB_API_KEY}\"")
                .contains("export ROLLBAR_ACCESS_TOKEN=\"${MY_ROLLBAR}\"")
                .contains("# HONEYCOMB_API_KEY: the value given with --honeycomb-key, from $HONEYCOMB_API_KEY (not printed)");
        assertThat(evalInBash(result.out(), env, "")).isEqualTo(Fixtures.INGEST_KEY + "|x-honeycomb-team=" + Fixtures.INGEST_KEY
                + "|" + Fixtures.ROLLBAR_TOKEN + "|exit 0");
    }

    @Test
    void aKeyOnlyOnTheCommandLineIsNotPrintedAndEvalAsksForIt() throws Exception {
        TestCli.Result result = printEnv(Map.of());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain(Fixtures.INGEST_KEY.substring(4, 12)).doesNotContain("…")
                .contains("export HONEYCOMB_API_KEY=\"${HONEYCOMB_API_KEY:?set HONEYCOMB_API_KEY to the value given to "
                        + "listen --honeycomb-key}\"");
        // a shell variable, not exported (so tracecheck never saw it): eval still finds it
        assertThat(evalInBash(result.out(), new HashMap<>(), "HONEYCOMB_API_KEY=" + Fixtures.INGEST_KEY
                + "; ROLLBAR_ACCESS_TOKEN=" + Fixtures.ROLLBAR_TOKEN))
                .isEqualTo(Fixtures.INGEST_KEY + "|x-honeycomb-team=" + Fixtures.INGEST_KEY + "|" + Fixtures.ROLLBAR_TOKEN + "|exit 0");
        // neither: eval stops and says what to set, instead of setting a wrong value
        assertThat(evalInBash(result.out(), new HashMap<>(), "")).contains("set HONEYCOMB_API_KEY to the value given to listen "
                + "--honeycomb-key").doesNotEndWith("|exit 0");
    }

    @Test
    void listensOwnTestKeysStillPrintAsTheyAre() throws IOException {
        TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY).run("listen", "--print-env");
        assertThat(result.out()).contains("export HONEYCOMB_API_KEY='TracecheckLocalConfig1'").doesNotContain("#");
    }
}
