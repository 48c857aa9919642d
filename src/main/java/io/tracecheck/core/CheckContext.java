package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a check runs with: the resolved settings, its --timeout and the deadline it sets, the run
 * id that labels its probes, the clock, and the verbose log (already redacted by the caller).
 * {@link CheckRunner} gives each check its own deadline as the check starts.
 */
public record CheckContext(Settings settings, Duration timeout, String runId, Clock clock, Consumer<String> verboseLog,
                           CheckProgress progress, Deadline deadline) {
    public CheckContext(Settings settings, Duration timeout, String runId, Clock clock, Consumer<String> verboseLog) {
        this(settings, timeout, runId, clock, verboseLog, CheckProgress.NONE);
    }

    public CheckContext(Settings settings, Duration timeout, String runId, Clock clock, Consumer<String> verboseLog,
                        CheckProgress progress) {
        this(settings, timeout, runId, clock, verboseLog, progress, Deadline.after(clock, timeout, "--timeout"));
    }

    /** This context for a check that starts now: --timeout from this instant. */
    public CheckContext startingNow() {
        return new CheckContext(settings, timeout, runId, clock, verboseLog, progress, Deadline.after(clock, timeout, "--timeout"));
    }

    /** The same context for calls that must end by {@code other}: its timeout is what is left of it. */
    public CheckContext within(Deadline other) {
        return new CheckContext(settings, other.remaining(), runId, clock, verboseLog, progress, other);
    }

    /** The same context, reporting progress to {@code other}. */
    public CheckContext reporting(CheckProgress other) {
        return new CheckContext(settings, timeout, runId, clock, verboseLog, other, deadline);
    }

    public void verbose(String line) {
        verboseLog.accept(line);
    }

    /** The steps of one check, each announced to the progress display as it begins. */
    public StepTimer steps(String check) {
        return new StepTimer(clock, step -> progress.step(check, step));
    }
}
