package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {
    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli valid() {
        return TestCli.in(home).env(Fixtures.validEnvironment()).env(Fixtures.localBackends(listen.backends()));
    }

    @Test
    void zeroWhenNothingFails() {
        assertExit(valid().run("doctor", "--create"), 0);
        assertExit(valid().without("OTEL_SERVICE_NAME").run("doctor", "--create"), 0);
    }

    @Test
    void oneWhenACheckFailsOrWarnsUnderStrict() {
        assertExit(valid().env("AWS_REGION", "mars-north-1x").run("doctor", "--create"), 1);
        assertExit(valid().without("OTEL_SERVICE_NAME").run("doctor", "--create", "--strict"), 1);
    }

    @Test
    void twoForUsageErrors() {
        TestCli.Result unknownFlag = valid().run("doctor", "--create", "--frobnicate");
        assertExit(unknownFlag, 2);
        assertThat(unknownFlag.err()).contains("Unknown option: '--frobnicate'").contains("--help");

        TestCli.Result unknownCommand = valid().run("doctr");
        assertExit(unknownCommand, 2);
        assertThat(unknownCommand.err()).contains("Did you mean").contains("doctor");

        TestCli.Result badTimeout = valid().run("env", "--timeout", "15 seconds");
        assertExit(badTimeout, 2);
        assertThat(badTimeout.err()).contains("'15 seconds' is not a duration");

        TestCli.Result badOutput = valid().run("env", "-o", "yaml");
        assertExit(badOutput, 2);
        assertThat(badOutput.err()).contains("yaml");

        TestCli.Result badBackend = valid().run("doctor", "--create", "--only", "datadog");
        assertExit(badBackend, 2);
        assertThat(badBackend.err()).contains("unknown backend 'datadog'").contains("honeycomb, xray, logs, rollbar");
        for (TestCli.Result result : new TestCli.Result[] {unknownFlag, unknownCommand, badTimeout, badOutput, badBackend}) {
            assertThat(result.all()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void threeWhenNothingIsConfigured() {
        assertExit(TestCli.in(home).run("doctor", "--create"), 3);
        assertExit(TestCli.in(home).run("env", "-o", "json"), 3);
        assertExit(valid().run("doctor", "--create", "--only", "rollbar", "--skip", "rollbar"), 3);
    }

    @Test
    void noArgumentsShowsUsage() {
        TestCli.Result result = TestCli.in(home).run();
        assertExit(result, 2);
        assertThat(result.err()).contains("Usage: tracecheck").contains("doctor").contains("explain");
    }

    @Test
    void versionAndHelpGoToStdout() {
        TestCli.Result version = TestCli.in(home).run("--version");
        assertExit(version, 0);
        assertThat(version.out()).startsWith("tracecheck ").doesNotContain("${");
        TestCli.Result help = TestCli.in(home).run("env", "--help");
        assertExit(help, 0);
        assertThat(help.out()).contains("--env-file").contains("--timeout").contains("--only");
    }

    @Test
    void reportGoesToStdoutDiagnosticsToStderr() {
        TestCli.Result result = valid().run("doctor", "--create", "-o", "json", "-v");
        assertThat(result.json().get("tool")).isEqualTo("tracecheck");
        assertThat(result.err()).contains("· run ");
    }

    private static void assertExit(TestCli.Result result, int expected) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(expected);
    }
}
