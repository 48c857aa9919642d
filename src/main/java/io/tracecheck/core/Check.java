package io.tracecheck.core;

/** One backend check (or the env check). Implementations never throw for a diagnosable failure: they report it. */
public interface Check {
    String name();

    CheckResult run(CheckContext context);
}
