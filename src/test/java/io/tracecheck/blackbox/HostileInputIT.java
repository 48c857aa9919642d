package io.tracecheck.blackbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the launcher, as a user meets it: the exit codes of files that are not files
 * (a FIFO would hang the open), and the interactive shell on a real pseudo-terminal, whose history
 * file is private and whose terminal leaves no native library behind.
 */
class HostileInputIT {
    private static final String READ_TOKEN = "8e1d4a7c2f5b9e3d6a0c4f8b1e7d2a5c";

    @TempDir
    Path home;

    private Launcher launcher() {
        return new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home);
    }

    @Test
    void filesThatAreNotFilesAreUsageErrors() throws Exception {
        Path fifo = home.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        for (String file : List.of("/dev/zero", fifo.toString(), "")) {
            Launcher.Run run = launcher().run("env", "--env-file", file);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1);
            assertThat(run.err()).startsWith("tracecheck: --env-file ");
        }
        Launcher.Run compose = launcher().run("env", "--compose", fifo.toString(), "--service", "app");
        assertThat(compose.exitCode()).as(compose.toString()).isEqualTo(2);
        Launcher.Run key = launcher().run("doctor", "--timeout", READ_TOKEN);
        assertThat(key.exitCode()).as(key.toString()).isEqualTo(2);
        assertThat(key.err()).doesNotContain(READ_TOKEN.substring(4, 12)).contains("8e1d…(32 chars)");
    }

    @Test
    void theShellOnATerminalKeepsAPrivateMaskedHistoryAndNoNativeLibrary() throws Exception {
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        String launcher = Launcher.PROJECT.resolve("scripts/tracecheck").toString();
        // script(1) gives the shell a pseudo-terminal, where JLine would pick its native (JNI) provider
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", "'" + launcher + "' shell", "/dev/null")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("screen.txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(java.util.Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(),
                "JAVA_HOME", System.getProperty("java.home"), "TERM", "xterm", "AWS_EC2_METADATA_DISABLED", "true",
                // no background training of the class-data archive: the kill below must not cut one short
                "TRACECHECK_CDS", "off",
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp + " -Djline.tmpdir=" + tmp));
        Process shell = builder.start();
        shell.getOutputStream().write(("explain --list -q\nrollbar -q --read-token " + READ_TOKEN + "\n")
                .getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().flush();
        Path history = home.resolve(".tracecheck_history");
        // each line reaches the history file as it is run: once the second is there, the terminal is up
        long patience = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!(Files.exists(history) && Files.readString(history).contains("--read-token")) && System.nanoTime() < patience
                && shell.isAlive()) {
            Thread.sleep(200);
        }
        // killed, as a closed terminal window or kill -9 does: no shutdown hook runs, nothing is cleaned up
        shell.descendants().filter(p -> p.info().commandLine().orElse("").endsWith(" shell"))
                .forEach(ProcessHandle::destroyForcibly);
        shell.destroyForcibly();
        assertThat(shell.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String screen = Files.readString(home.resolve("screen.txt"), StandardCharsets.UTF_8);
        assertThat(screen).as(screen).contains("tracecheck shell:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
        assertThat(Files.readString(history)).contains("--read-token 8e1d…(32 chars)").doesNotContain(READ_TOKEN);
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains("jline")).toList())
                    .as("JLine's native library, which a killed shell would leave behind").isEmpty();
        }
    }
}
