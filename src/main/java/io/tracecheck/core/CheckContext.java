package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a check runs with: the resolved settings, its deadline, the run id that labels its
 * probes, the clock, and the verbose log (already redacted by the caller).
 */
public record CheckContext(Settings settings, Duration timeout, String runId, Clock clock, Consumer<String> verboseLog,
                           CheckProgress progress) {
    public CheckContext(Settings settings, Duration timeout, String runId, Clock clock, Consumer<String> verboseLog) {
        this(settings, timeout, runId, clock, verboseLog, CheckProgress.NONE);
    }

    public void verbose(String line) {
        verboseLog.accept(line);
    }

    /** The steps of one check, each announced to the progress display as it begins. */
    public StepTimer steps(String check) {
        return new StepTimer(clock, step -> progress.step(check, step));
    }
}
