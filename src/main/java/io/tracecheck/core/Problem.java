package io.tracecheck.core;

import java.util.Objects;

/**
 * One thing wrong, with a stable code. The message names the actual value (masked when it is
 * secret); the fix says what to type.
 */
public record Problem(ProblemCode code, Severity severity, String message, String fix) {
    public Problem {
        Objects.requireNonNull(code);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(message);
        fix = fix == null || fix.isBlank() ? code.fix() : fix;
    }

    /** A problem at the code's usual severity. */
    public static Problem of(ProblemCode code, String message, String fix) {
        return new Problem(code, code.severity(), message, fix);
    }

    public static Problem warn(ProblemCode code, String message, String fix) {
        return new Problem(code, Severity.WARN, message, fix);
    }
}
