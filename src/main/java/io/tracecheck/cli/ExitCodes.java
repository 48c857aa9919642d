package io.tracecheck.cli;

import io.tracecheck.core.RunReport;
import io.tracecheck.core.Status;

/** The exit codes of docs/exit-codes.md, decided here and nowhere else. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOTHING_CHECKED = 3;
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }

    public static int of(RunReport report, boolean strict) {
        if (report.nothingConfigured() && report.status() != Status.FAIL) {
            return NOTHING_CHECKED;
        }
        return switch (report.status()) {
            case FAIL -> FAILED;
            case WARN -> strict ? FAILED : OK;
            case SKIP -> NOTHING_CHECKED;
            case PASS -> OK;
        };
    }
}
