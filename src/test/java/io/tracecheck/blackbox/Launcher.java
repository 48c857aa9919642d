package io.tracecheck.blackbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("tracecheck-out", ".txt");
        Path err = Files.createTempFile("tracecheck-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + command);
        }
        Run run = new Run(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }

    record Run(List<String> command, int exitCode, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\n-- exit " + exitCode + "\n-- stdout:\n" + out + "\n-- stderr:\n" + err;
        }
    }
}
