package io.tracecheck;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.cli.CommandLines;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs tracecheck in-process through {@link CommandLines#execute}, the path {@code main} takes, with
 * captured streams and an injected environment. A result prints its exit code, stdout and stderr when an assertion
 * about it fails.
 */
public final class TestCli {
    private final Map<String, String> env = new HashMap<>();

    private TestCli(Path home) {
        // No test may read the developer's ~/.aws or reach instance metadata.
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
    }

    public static TestCli in(Path home) {
        return new TestCli(home);
    }

    public TestCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public TestCli env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    public TestCli without(String name) {
        env.remove(name);
        return this;
    }

    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    public Result run(String... args) {
        return run(false, args);
    }

    /** As a developer's terminal sees it: colours, and the live progress lines while checks run. */
    public Result runOnTty(String... args) {
        return run(true, args);
    }

    private Result run(boolean tty, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLines.execute(new PrintWriter(out), new PrintWriter(err), env, tty, args);
        return new Result(List.of(args), exit, out.toString(), err.toString());
    }

    public record Result(List<String> args, int exitCode, String out, String err) {
        public Map<String, Object> json() {
            try {
                return JSON.std.mapFrom(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not JSON:\n" + this, e);
            }
        }

        /** Problem codes of every check in a JSON report (informational lines aside: {@link #notes()}). */
        public List<String> codes() {
            return problems().stream().map(p -> (String) p.get("code")).toList();
        }

        /** The problems of every check, informational lines (severity info) aside. */
        public List<Map<String, Object>> problems() {
            return allProblems().stream().filter(p -> !"info".equals(p.get("severity"))).toList();
        }

        /** The informational lines (severity info), such as X-Ray's migration report. */
        public List<Map<String, Object>> notes() {
            return allProblems().stream().filter(p -> "info".equals(p.get("severity"))).toList();
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> allProblems() {
            List<Map<String, Object>> checks = (List<Map<String, Object>>) json().get("checks");
            return checks.stream()
                    .flatMap(c -> ((List<Map<String, Object>>) c.get("problems")).stream())
                    .toList();
        }

        /** The checks of a JSON report. */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> checks() {
            return (List<Map<String, Object>>) json().get("checks");
        }

        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "tracecheck " + String.join(" ", args) + "\n-- exit " + exitCode + "\n-- stdout:\n" + out
                    + "\n-- stderr:\n" + err;
        }
    }
}
