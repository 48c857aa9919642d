package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The instant a check must be done by, on the injected clock, and the option that set it
 * ({@code --timeout 2.0s}). A check has one from the moment it starts; every call it makes gets
 * only what {@link #remaining() remains}, so auth, a retry and the probe share one budget. A
 * read-back gets a deadline of its own, {@code --verify-timeout} from when it starts.
 */
public record Deadline(Clock clock, Instant at, String option) {
    /** {@code budget} from now; {@code option} names the flag that gave it ("--timeout"). */
    public static Deadline after(Clock clock, Duration budget, String option) {
        return new Deadline(clock, clock.instant().plus(budget), option + " " + Durations.format(budget));
    }

    /** What is left, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** What is left, but at most {@code cap}: a short probe within the check's time. */
    public Duration remaining(Duration cap) {
        Duration left = remaining();
        return left.compareTo(cap) < 0 ? left : cap;
    }

    public boolean passed() {
        return !clock.instant().isBefore(at);
    }
}
