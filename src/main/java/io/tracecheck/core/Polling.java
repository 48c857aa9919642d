package io.tracecheck.core;

import java.time.Clock;
import java.time.Instant;

/**
 * How every read-back waits for its probe: ask, and while the answer is "not yet", pause (200 ms,
 * doubling up to 5 s) and ask again, giving up when the next pause would pass the deadline.
 */
public final class Polling {
    private static final long FIRST_PAUSE_MILLIS = 200;
    private static final long LONGEST_PAUSE_MILLIS = 5000;

    /** One attempt's answer: the probe is there, not yet, or asking again cannot help (the problem is recorded). */
    public enum Answer { FOUND, NOT_YET, STOP }

    /** One look for the probe; E is what looking may throw (an I/O failure, say). */
    @FunctionalInterface
    public interface Attempt<E extends Exception> {
        Answer ask() throws E;
    }

    private Polling() {
    }

    /** The last answer: FOUND, STOP, or NOT_YET when the deadline came first. */
    public static <E extends Exception> Answer until(Clock clock, Instant deadline, Attempt<E> attempt)
            throws E, InterruptedException {
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Answer answer = attempt.ask();
            if (answer != Answer.NOT_YET || clock.instant().plusMillis(pause).isAfter(deadline)) {
                return answer;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }
}
