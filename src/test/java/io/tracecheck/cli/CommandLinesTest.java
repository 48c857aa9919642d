package io.tracecheck.cli;

import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as main wires it: which subcommand a run registers, and what errors print. */
class CommandLinesTest {
    @TempDir
    Path home;

    @Test
    void theValueOfARootOptionIsNotTakenForTheSubcommand() {
        // a dotenv file called "env" is common; the run is doctor's, and doctor reports the missing file
        TestCli.Result result = TestCli.in(home).run("--env-file", "env", "doctor");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains("tracecheck: --env-file env: no such file")
                .doesNotContain("Unmatched argument");
    }

    @Test
    void onlyTheNamedSubcommandIsRegistered() {
        assertThat(registered("--env-file", "env", "doctor")).containsExactly("doctor");
        assertThat(registered("--env-file=logs", "doctor")).containsExactly("doctor");
        assertThat(registered("-v", "--timeout", "5s", "-o", "json", "xray")).containsExactly("xray");
        assertThat(registered("-qo", "json", "logs")).containsExactly("logs");
        assertThat(registered("--help", "env")).contains("env", "doctor", "listen");
        assertThat(registered("doctr")).contains("env", "doctor", "listen");
    }

    @Test
    void verboseShowsTheCauseOfAUsageErrorRedacted() {
        String secret = "rb-read-7d3f9a2c5e8b1d4f";
        Path junit = home.resolve("no-such-dir-" + secret).resolve("report.xml");
        TestCli cli = TestCli.in(home).env("ROLLBAR_READ_TOKEN", secret);

        TestCli.Result plain = cli.run("doctor", "--junit", junit.toString());
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(2);
        assertThat(plain.err()).as(plain.toString()).contains("cannot be written").doesNotContain("\tat ");

        TestCli.Result verbose = cli.run("doctor", "--junit", junit.toString(), "--verbose");
        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(2);
        assertThat(verbose.err()).as(verbose.toString()).contains("cannot be written")
                .contains("java.nio.file.NoSuchFileException").contains("\tat ")
                .doesNotContain(secret);
    }

    @Test
    void aCallerInterruptedWhileTheModelIsBuiltStillGetsItsCommandAndKeepsTheInterrupt() {
        // the model is built on another thread: the wait for it must neither fail nor swallow an interrupt
        Thread.currentThread().interrupt();
        try {
            assertThat(registered("env")).containsExactly("env");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aSecretGivenAsAFlagIsMaskedInTheUsageErrorThatQuotesIt() {
        // the flag's value is registered while the model is built elsewhere, and before anything is printed
        String secret = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";
        TestCli.Result result = TestCli.in(home).run("listen", "--honeycomb-key", secret, secret);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains("Unmatched argument").contains("hcai")
                .doesNotContain(secret);
    }

    @Test
    void noOptionNeedsAConverterPicocliIsToldToLeaveOut() {
        // java.time and java.sql converters are not registered (a faster start): an option of such a type
        // must bring its own converter, or its value would fail to convert at run time
        java.util.List<String> excluded = java.util.List.of(CommandLines.UNUSED_CONVERTERS.split(","));
        java.util.List<String> missing = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> commands = new java.util.ArrayDeque<>(java.util.List.of(CommandLines.full(Map.of())));
        int checked = 0;
        while (!commands.isEmpty()) {
            picocli.CommandLine command = commands.pop();
            commands.addAll(command.getSubcommands().values());
            java.util.List<picocli.CommandLine.Model.ArgSpec> args = new java.util.ArrayList<>(command.getCommandSpec().args());
            for (picocli.CommandLine.Model.ArgSpec arg : args) {
                java.util.List<Class<?>> types = new java.util.ArrayList<>(java.util.List.of(arg.auxiliaryTypes()));
                types.add(arg.type());
                for (Class<?> type : types) {
                    checked++;
                    if (excluded.stream().anyMatch(type.getName()::matches) && arg.converters().length == 0) {
                        missing.add(command.getCommandName() + " " + arg + ": " + type.getName());
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(missing).isEmpty();
    }

    @Test
    void aDurationOptionStillConverts() {
        // --timeout is a java.time.Duration read by tracecheck's own converter, not picocli's excluded one
        TestCli.Result result = TestCli.in(home).run("env", "--timeout", "2s", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isIn(0, 1, 3);
        TestCli.Result bad = TestCli.in(home).run("env", "--timeout", "PT2S");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).as(bad.toString()).contains("'PT2S' is not a duration");
    }

    private java.util.Set<String> registered(String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        return CommandLines.create(nowhere, nowhere, Map.of("HOME", home.toString()), false, args).getSubcommands().keySet();
    }
}
