package io.tracecheck.core;

import java.util.Locale;

/** Where a setting's value came from, in precedence order (a flag beats the environment…). */
public enum Source {
    FLAG, ENV, FILE, DEFAULT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
