package io.tracecheck.blackbox;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's recipes, run as written: the Gitpod prebuild step, the jq one-liner, the JUnit file. */
class RecipesIT {
    @TempDir
    Path home;

    private Launcher.Run bash(String script) throws Exception {
        Path file = home.resolve("recipe.sh");
        Files.writeString(file, script);
        return new Launcher(Path.of("/bin/bash"), home).env("PATH", Launcher.PROJECT.resolve("scripts") + File.pathSeparator
                + System.getenv("PATH")).in(home).run(file.toString());
    }

    @Test
    void aPrebuildFailsWithAReadableReportUnderStrict() throws Exception {
        // a broken configuration caught by the static rules, so nothing is sent anywhere
        Launcher.Run run = bash("export ROLLBAR_ENDPOINT='not a url' ROLLBAR_ACCESS_TOKEN=3f9c2b7e1d5a4c8b9e0f6a2d7c1b5e3a\n"
                + "tracecheck doctor --strict --no-color\n");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL rollbar").contains("config.malformed").contains("fix: ").contains("failed");
    }

    @Test
    void theJqRecipePrintsJustTheFailures() throws Exception {
        Assumptions.assumeTrue(Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "jq"))), "skipped: no jq on PATH (.ci/run installs it)");
        Launcher.Run run = bash("export ROLLBAR_ENDPOINT='not a url' ROLLBAR_ACCESS_TOKEN=3f9c2b7e1d5a4c8b9e0f6a2d7c1b5e3a\n"
                + "tracecheck doctor -o json | jq -r '.checks[] | select(.status == \"fail\") | .problems[] | \"\\(.code): \\(.message)\"'\n");
        assertThat(run.out().strip()).as(run.toString())
                .startsWith("config.malformed: ROLLBAR_ENDPOINT is not an http(s) URL with a host: not a url");
    }

    @Test
    void doctorLocalWritesAJunitFile() throws Exception {
        Launcher.Run run = bash("tracecheck doctor --local -q --junit tracecheck.xml\n");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(home.resolve("tracecheck.xml"))).contains("tests=\"6\" failures=\"0\"");
    }
}
