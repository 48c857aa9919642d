package io.tracecheck.cli;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The interactive shell on JLine's own (dumb, stream-backed) terminal: commands in one JVM, history, completion. */
class ShellTest {
    @TempDir
    Path home;

    @Test
    void runsCommandsOneAfterAnotherAndKeepsHistory() throws Exception {
        String input = "env -q\nexplain honeycomb.key-wrong-region\nexplain no.such-code\n\nexit\n";
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path history = home.resolve(".tracecheck_history");
        // a pipe kept open, as a keyboard is: the shell reads line by line until "exit"
        java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream();
        java.io.PipedInputStream typed = new java.io.PipedInputStream(keyboard, 4096);
        keyboard.write(input.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        // DumbTerminal itself: the builder, given streams, still opens a real pty when it can, whose
        // echo and mode switches race with the typed lines and lost some of them now and then
        try (Terminal terminal = new DumbTerminal("tracecheck-test", "dumb", typed, output, StandardCharsets.UTF_8)) {
            int exit = new Shell(terminal, Map.of("HOME", home.toString()), history).run();
            assertThat(exit).isZero();
        } finally {
            keyboard.close();
        }
        String screen = output.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("0 passed, 0 warnings, 0 failed, 1 skipped").contains("(exit 3)")
                .contains("honeycomb.key-wrong-region (fail)").contains("unknown problem code 'no.such-code'")
                .contains("(exit 2)");
        assertThat(Files.readString(history)).contains("env -q").contains("explain honeycomb.key-wrong-region");
    }

    @Test
    void tabCompletesCommandsOptionsAndValues() throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().streams(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream()).dumb(true).type("dumb").build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            var completer = Shell.completer(Map.of());
            assertThat(complete(completer, reader, "do")).contains("doctor").doesNotContain("cds-training");
            assertThat(complete(completer, reader, "explain xray.da"))
                    .contains("xray.daemon-unreachable", "xray.daemon-unconfirmed");
            assertThat(complete(completer, reader, "doctor --only ")).contains("honeycomb", "xray", "logs", "rollbar");
            assertThat(complete(completer, reader, "traces --source ")).contains("honeycomb", "xray");
            assertThat(complete(completer, reader, "xray --via ")).contains("auto", "daemon", "api");
        }
    }

    private static List<String> complete(org.jline.reader.Completer completer, LineReader reader, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(reader, new DefaultParser().parse(line, line.length()), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }
}
