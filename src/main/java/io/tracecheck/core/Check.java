package io.tracecheck.core;

/** One backend check (or the env check). Implementations never throw for a diagnosable failure: they report it. */
public interface Check {
    String name();

    CheckResult run(CheckContext context);

    /** The check's --verify and --verify-timeout; off for checks that read nothing back. */
    default ReadBack readBack() {
        return ReadBack.OFF;
    }

    /** How long the check may take under --timeout: longer for checks that also read back. */
    default java.time.Duration deadline(java.time.Duration timeout) {
        return readBack().deadline(timeout);
    }
}
