package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OutputStyleTest {
    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    @Test
    void unicodeMarksOnAUtf8Terminal() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends())).env("LANG", "en_US.UTF-8")
                .without("OTEL_SERVICE_NAME").run("doctor", "--create");
        assertThat(result.out()).as(result.toString()).contains("! env").contains("! honeycomb.service-name-missing")
                .contains("✓ aws");
    }

    @Test
    void asciiMarksWithNoColorOrWithoutUtf8() {
        TestCli.Result noColor = TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends())).env("LANG", "en_US.UTF-8")
                .run("doctor", "--create", "--no-color");
        assertThat(noColor.out()).as(noColor.toString()).contains("ok   env").doesNotContain("✓").doesNotContain("\u001b[");
        TestCli.Result posix = TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends())).env("LANG", "C").run("doctor", "--create");
        assertThat(posix.out()).contains("ok   env").doesNotContain("✓");
    }

    @Test
    void quietPrintsOnlyWhatWentWrongAndTheCount() {
        TestCli.Result ok = TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends())).run("env", "-q");
        assertThat(ok.out().strip()).as(ok.toString()).startsWith("1 passed, 0 warnings, 0 failed");
        TestCli.Result bad = TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends())).env("AWS_REGION", "eu-west1").run("env", "-q");
        assertThat(bad.out()).as(bad.toString()).contains("config.malformed").doesNotContain("VARIABLE");
    }

    @Test
    void verboseShowsTimingsOnStderrOnly() throws Exception {
        java.nio.file.Files.writeString(home.resolve(".env"), "OTEL_SERVICE_NAME=web\n");
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends()))
                .run("env", "-v", "-o", "json", "--env-file", home.resolve(".env").toString());
        assertThat(result.err()).as(result.toString()).contains("· read 1 variable(s) from")
                .contains("· env: reviewed honeycomb in").contains("· run ");
        assertThat(result.json()).containsEntry("status", "pass");
    }

    @Test
    void internalErrorsExitFourWithTheStackTraceOnlyWhenVerbose() {
        @CommandLine.Command(name = "boom")
        class Boom implements java.util.concurrent.Callable<Integer> {
            @CommandLine.Option(names = {"-v", "--verbose"})
            boolean verbose;

            @Override
            public Integer call() {
                throw new IllegalStateException("unexpected state");
            }
        }
        for (boolean verbose : new boolean[] {false, true}) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = new CommandLine(new Boom());
            commandLine.setErr(new PrintWriter(err, true));
            commandLine.setExecutionExceptionHandler(new ErrorHandler(new io.tracecheck.core.Redactor()));
            int exit = verbose ? commandLine.execute("-v") : commandLine.execute();
            assertThat(exit).isEqualTo(4);
            assertThat(err.toString()).contains("internal error: IllegalStateException: unexpected state");
            if (verbose) {
                assertThat(err.toString()).contains("\tat ");
            } else {
                assertThat(err.toString()).doesNotContain("\tat ").contains("--verbose");
            }
        }
    }
}
