package io.tracecheck.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one check found. {@code variables} is filled by the env check only: the table of every
 * variable it read, masked.
 */
public record CheckResult(String name, Status status, Duration duration, String summary, List<Step> steps,
                          List<Problem> problems, Map<String, String> artifacts, List<VariableReport> variables) {
    public CheckResult {
        Objects.requireNonNull(name);
        Objects.requireNonNull(status);
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        // an artifact without a value is no artifact (and Map.copyOf refuses nulls)
        Map<String, String> kept = new java.util.HashMap<>();
        for (Map.Entry<String, String> artifact : artifacts.entrySet()) {
            if (artifact.getKey() != null && artifact.getValue() != null) {
                kept.put(artifact.getKey(), artifact.getValue());
            }
        }
        artifacts = Map.copyOf(kept);
        variables = List.copyOf(variables);
    }

    /** The status its problems imply: fail on any failure, warn on any warning, else pass. */
    public static Status statusOf(List<Problem> problems) {
        Status status = Status.PASS;
        for (Problem problem : problems) {
            status = status.worse(problem.severity().status());
        }
        return status;
    }

    public static CheckResult skipped(String name, String reason) {
        return new CheckResult(name, Status.SKIP, Duration.ZERO, reason, List.of(), List.of(), Map.of(), List.of());
    }

    public CheckResult withDuration(Duration elapsed) {
        return new CheckResult(name, status, elapsed, summary, steps, problems, artifacts, variables);
    }

    /** A variable as the env check saw it: the masked value, where it came from, and the verdict. */
    public record VariableReport(String name, String value, Source source, String verdict) {
    }
}
