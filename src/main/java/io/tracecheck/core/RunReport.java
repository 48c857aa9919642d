package io.tracecheck.core;

import java.time.Duration;
import java.util.List;

/** One run of one command: every check's result and the overall status. */
public record RunReport(String version, String runId, Duration duration, List<CheckResult> checks) {
    public RunReport {
        checks = List.copyOf(checks);
    }

    /** The worst check status; skip only when every check was skipped. */
    public Status status() {
        if (checks.isEmpty() || checks.stream().allMatch(c -> c.status() == Status.SKIP)) {
            return Status.SKIP;
        }
        Status status = Status.PASS;
        for (CheckResult check : checks) {
            if (check.status() != Status.SKIP) {
                status = status.worse(check.status());
            }
        }
        return status;
    }

    /** Nothing could be checked: the env check found no backend configured. */
    public boolean nothingConfigured() {
        return checks.stream().filter(c -> c.name().equals(EnvCheck.NAME)).findFirst()
                .map(EnvCheck::nothingConfigured).orElse(false);
    }

    public long count(Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }
}
