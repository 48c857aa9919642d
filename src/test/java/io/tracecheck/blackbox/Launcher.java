package io.tracecheck.blackbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs the packaged launcher (scripts/tracecheck) in a shell, as a user would, with a clean environment. */
final class Launcher {
    static final Path PROJECT = Path.of("").toAbsolutePath();

    private final Path script;
    private final Map<String, String> env = new HashMap<>();
    private Path directory;

    Launcher(Path script, Path home) {
        this.script = script;
        this.directory = home;
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
    }

    Launcher env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Launcher in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    Run run(String... args) throws IOException, InterruptedException {
        try (Running running = start(args)) {
            if (!running.process.waitFor(10, TimeUnit.MINUTES)) {
                throw new AssertionError("launcher did not finish: " + running.command);
            }
            return running.result();
        }
    }

    /**
     * Starts the command and returns at once, for a server such as listen: the test waits for what
     * it prints, then {@link Running#stop() stops} it the way a user does, or closing it kills it.
     */
    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("tracecheck-out", ".txt");
        Path err = Files.createTempFile("tracecheck-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Running(command, builder.start(), out, err);
    }

    /** A started command; closing it kills the process if it still runs, so a failed test leaves nothing behind. */
    static final class Running implements AutoCloseable {
        /** Generous: the launcher starts a JVM, and the machine may be busy with other builds. */
        private static final Duration PATIENCE = Duration.ofMinutes(2);

        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(List<String> command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Waits until stdout matches {@code regex} (found anywhere in it); fails if the process ends first. */
        Running awaitOut(String regex) throws IOException, InterruptedException {
            Pattern pattern = Pattern.compile(regex);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!pattern.matcher(Files.readString(out, StandardCharsets.UTF_8)).find()) {
                if (!process.isAlive()) {
                    throw new AssertionError("ended before printing /" + regex + "/:\n" + result());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing matched /" + regex + "/ within " + PATIENCE + ":\n" + snapshot());
                }
                Thread.sleep(50);
            }
            return this;
        }

        /** SIGTERM, as a service manager or {@code kill} sends it (the JVM runs its shutdown hooks), then waits for the end. */
        Run stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not stop on SIGTERM:\n" + snapshot());
            }
            return result();
        }

        private Run result() throws IOException {
            return new Run(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        /** What it printed so far, for a failing assertion's message. */
        String snapshot() throws IOException {
            return String.join(" ", command) + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                    + "\n-- stdout so far:\n" + Files.readString(out, StandardCharsets.UTF_8)
                    + "\n-- stderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    record Run(List<String> command, int exitCode, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\n-- exit " + exitCode + "\n-- stdout:\n" + out + "\n-- stderr:\n" + err;
        }
    }
}
