package io.tracecheck.core;

/** A backend check doctor does not run (not configured, or left out with --skip), with the reason. */
public record SkippedCheck(String name, String reason) implements Check {
    @Override
    public CheckResult run(CheckContext context) {
        return CheckResult.skipped(name, reason);
    }
}
