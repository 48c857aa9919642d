package io.tracecheck.core;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A throwable's stack trace as text, for --verbose output only. */
public final class StackTraces {
    private StackTraces() {
    }

    public static String of(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
