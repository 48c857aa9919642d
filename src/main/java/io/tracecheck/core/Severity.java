package io.tracecheck.core;

import java.util.Locale;

/** How bad a problem is; INFO reports without judging (it never changes a status or an exit code, not even with --strict). */
public enum Severity {
    INFO, WARN, FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Status status() {
        return switch (this) {
            case INFO -> Status.PASS;
            case WARN -> Status.WARN;
            case FAIL -> Status.FAIL;
        };
    }
}
