package io.tracecheck.core;

import java.util.Objects;

/**
 * One thing wrong, with a stable code. The message names the actual value (masked when it is
 * secret); the fix says what to type. The headline is the few words a step's detail and a check's
 * summary show for it ("could not reach api.honeycomb.io (DNS)", "AWS refused the key"); without
 * one of its own, the message is the headline.
 */
public record Problem(ProblemCode code, Severity severity, String message, String fix, String headline) {
    public Problem {
        Objects.requireNonNull(code);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(message);
        fix = fix == null || fix.isBlank() ? code.fix() : fix;
        headline = headline == null || headline.isBlank() ? message : headline;
    }

    public Problem(ProblemCode code, Severity severity, String message, String fix) {
        this(code, severity, message, fix, null);
    }

    /** A problem at the code's usual severity. */
    public static Problem of(ProblemCode code, String message, String fix) {
        return new Problem(code, code.severity(), message, fix);
    }

    public static Problem warn(ProblemCode code, String message, String fix) {
        return new Problem(code, Severity.WARN, message, fix);
    }

    /** This problem, headed by {@code words} in the step's detail and the check's summary. */
    public Problem headed(String words) {
        return new Problem(code, severity, message, fix, words);
    }

    /** The same problem at another severity, headline and all. */
    public Problem at(Severity other) {
        return new Problem(code, other, message, fix, headline);
    }

    /** Whether this problem has a headline of its own, shorter than its message. */
    public boolean headed() {
        return !headline.equals(message);
    }

    /** The same problem reported twice: same code, same message. */
    public boolean sameAs(Problem other) {
        return code == other.code && message.equals(other.message);
    }
}
