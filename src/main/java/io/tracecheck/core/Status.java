package io.tracecheck.core;

import java.util.Locale;

/** Outcome of a check, a step, or a whole run. Ordered from best to worst, skip aside. */
public enum Status {
    PASS, SKIP, WARN, FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Status worse(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
