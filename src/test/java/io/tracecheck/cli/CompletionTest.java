package io.tracecheck.cli;

import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck completion: the script bash really completes with (commands, options, problem codes, backends). */
class CompletionTest {
    @TempDir
    Path home;

    private String complete(Path script, String... words) throws Exception {
        String line = "source " + script + " 2>/dev/null; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD="
                + (words.length - 1) + "; _complete_tracecheck 2>/dev/null; echo \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void bashCompletesCommandsOptionsAndValues() throws Exception {
        TestCli.Result result = TestCli.in(home).run("completion", "bash");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).doesNotContain("cds-training");
        Path script = home.resolve("tracecheck.bash");
        Files.writeString(script, result.out());
        assertThat(complete(script, "tracecheck", "d")).isEqualTo("doctor");
        assertThat(complete(script, "tracecheck", "doctor", "--ju")).isEqualTo("--junit");
        assertThat(complete(script, "tracecheck", "explain", "aws.cred"))
                .isEqualTo("aws.credentials-missing aws.credentials-invalid aws.credentials-expired");
        assertThat(complete(script, "tracecheck", "doctor", "--only", "ro")).isEqualTo("rollbar");
        assertThat(complete(script, "tracecheck", "traces", "--source", "x")).isEqualTo("xray");
    }

    @Test
    void zshGetsTheBashScriptThroughBashcompinit() {
        TestCli.Result result = TestCli.in(home).run("completion", "zsh");
        assertThat(result.out()).startsWith("# zsh").contains("bashcompinit").contains("_complete_tracecheck");
        assertThat(TestCli.in(home).run("completion", "fish").exitCode()).isEqualTo(2);
    }
}
