package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the shell's history file keeps of typed keys and tokens, and who may read it. */
class ShellHistoryTest {
    @TempDir
    Path home;

    private String type(Path history, String input) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream typed = new PipedInputStream(keyboard, 8192);
        keyboard.write(input.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        try (Terminal terminal = new DumbTerminal("tracecheck-test", "dumb", typed, output, StandardCharsets.UTF_8)) {
            assertThat(new Shell(terminal, Map.of("HOME", home.toString()), history).run()).isZero();
        } finally {
            keyboard.close();
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keysAndTokensAreMaskedBeforeTheLineIsKept() throws Exception {
        Path history = home.resolve(".tracecheck_history");
        String screen = type(history, "rollbar -q --read-token " + Fixtures.ROLLBAR_READ + "\n"
                + "listen --print-env --honeycomb-key=" + Fixtures.INGEST_KEY + ":ingest\n"
                + "doctor --timeout " + Fixtures.CLASSIC_KEY + "\n"
                + "explain " + Fixtures.CONFIG_KEY + "x1\n"
                + "env -q\nexit\n");
        String kept = Files.readString(history);
        assertThat(kept).contains("rollbar -q --read-token 8e1d…(32 chars)").contains("listen --print-env --honeycomb-key=")
                .contains("env -q");
        for (String secret : new String[] {Fixtures.ROLLBAR_READ, Fixtures.INGEST_KEY, Fixtures.CLASSIC_KEY, Fixtures.CONFIG_KEY}) {
            assertThat(kept).doesNotContain(secret.substring(4, 14));
            assertThat(screen).as(screen).doesNotContain(secret.substring(4, 14));
        }
    }

    @Test
    void theHistoryFileAndANewDirectoryAreTheOwnersOnly() throws Exception {
        Path history = home.resolve("new-dir").resolve(".tracecheck_history");
        type(history, "env -q\nexit\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).as("new file").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history.getParent()))).isEqualTo("rwx------");
        // an existing file others could read is tightened
        Path open = home.resolve("open_history");
        Files.writeString(open, "env\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        type(open, "env -q\nexit\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rw-------");
        assertThat(Files.readString(open)).contains("env -q");
    }
}
