package io.tracecheck.core;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * In a Gitpod workspace, the variables persisted with {@code gp env NAME=value} reach only workspaces
 * started afterwards: a shell (and an app started from it) of the running workspace lacks them until
 * {@code eval "$(gp env -e)"}. This compares what {@code gp env} lists with this shell, for the
 * variables tracecheck reads, and never prints a secret's value.
 */
public final class GitpodVariables {
    /** gp asks the workspace's supervisor: it answers at once or not at all. */
    static final Duration LIMIT = Duration.ofSeconds(5);

    private GitpodVariables() {
    }

    /**
     * config.not-loaded when persisted variables are missing from this shell or differ in it; empty otherwise.
     * gp gets at most {@link #LIMIT}, and half of {@code timeout} (the check's own deadline) when that is less.
     */
    public static List<Problem> problems(Settings settings, Duration timeout, Consumer<String> verbose) {
        if (!settings.inGitpod() || settings.composeNamed().flatMap(ComposeProject::checked).isPresent()) {
            // --compose checks a container's environment, which gp env does not feed
            return List.of();
        }
        Optional<Path> gp = onPath(settings);
        if (gp.isEmpty()) {
            verbose.accept("gitpod: no gp on PATH; persisted variables not compared");
            return List.of();
        }
        Duration limit = timeout.dividedBy(2).compareTo(LIMIT) < 0 ? timeout.dividedBy(2) : LIMIT;
        return persisted(gp.get(), limit, verbose).map(persisted -> compare(settings, persisted)).orElse(List.of());
    }

    static List<Problem> compare(Settings settings, Map<String, String> persisted) {
        List<String> missing = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (KnownVariable variable : KnownVariable.values()) {
            String value = persisted.get(variable.name());
            if (!variable.group().configuration() || variable.group() == KnownVariable.Group.WORKSPACE || value == null) {
                continue;
            }
            Optional<Setting> here = settings.explicit(variable).filter(s -> s.source() == Source.ENV);
            if (here.isEmpty()) {
                missing.add(variable.name() + " (" + display(variable, value) + ")");
            } else if (!here.get().secret().sameValueAs(Secret.of(value))) {
                differing.add(variable.name() + (variable.secret() ? "" : " (" + here.get().display() + " here, "
                        + display(variable, value) + " persisted)"));
            }
        }
        if (missing.isEmpty() && differing.isEmpty()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " persisted with gp env but not set in this shell");
        }
        if (!differing.isEmpty()) {
            parts.add(String.join(", ", differing) + (differing.size() == 1 ? " differs" : " differ")
                    + " from the persisted value");
        }
        return List.of(Problem.of(ProblemCode.CONFIG_NOT_LOADED, String.join("; ", parts) + ": gp env reaches only "
                        + "workspaces started after it, so an app started from this shell does not get them",
                "eval \"$(gp env -e)\"  # loads the persisted variables into this shell; restart the app from it"));
    }

    private static String display(KnownVariable variable, String value) {
        return variable.secret() || KnownVariable.isSecretName(variable.name()) ? Secret.mask(value) : value;
    }

    /** The gp executable on the PATH of the settings (not of the JVM). */
    static Optional<Path> onPath(Settings settings) {
        for (String dir : settings.text(KnownVariable.PATH).orElse("").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "gp");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code gp env}'s NAME=value lines; empty when it fails or does not answer within {@code limit}. */
    static Optional<Map<String, String>> persisted(Path gp, Duration limit, Consumer<String> verbose) {
        Process process;
        try {
            process = new ProcessBuilder(gp.toString(), "env").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            verbose.accept("gitpod: gp env could not run (" + e.getClass().getSimpleName() + "); not compared");
            return Optional.empty();
        }
        // read on a thread of its own (the values are secrets: they stay in memory, not in a file), so a gp that
        // never ends cannot block the check; killing it ends the read
        java.util.concurrent.CompletableFuture<String> output = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var in = process.getInputStream()) {
                output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        }, "gp-env-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                verbose.accept("gitpod: gp env did not answer within " + Durations.format(limit) + "; not compared");
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                verbose.accept("gitpod: gp env exited " + process.exitValue() + "; not compared");
                return Optional.empty();
            }
            return Optional.of(parse(output.get(limit.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            verbose.accept("gitpod: the output of gp env could not be read; not compared");
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** NAME=value lines (also {@code export NAME="value"}, as {@code gp env -e} prints them). */
    static Map<String, String> parse(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            String entry = line.startsWith("export ") ? line.substring("export ".length()) : line;
            int eq = entry.indexOf('=');
            if (eq <= 0 || !entry.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue;
            }
            String value = entry.substring(eq + 1);
            if (line.startsWith("export ") && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
            }
            variables.put(entry.substring(0, eq), value);
        }
        return variables;
    }
}
