package io.tracecheck.core;

import java.util.Locale;

public enum Severity {
    WARN, FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Status status() {
        return this == FAIL ? Status.FAIL : Status.WARN;
    }
}
