package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code --verify} and {@code --verify-timeout}, and the "verify" step every check's read-back runs:
 * look for the probe with {@link Polling} until it is found, looking cannot help, or the timeout
 * passes, and end the step with what happened.
 */
public record ReadBack(boolean enabled, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final ReadBack OFF = new ReadBack(false, DEFAULT_TIMEOUT);

    /** How a failed look (an exception of type E) becomes the step's problem. */
    public record Failures<E extends Exception>(Class<E> type, Function<? super E, Problem> problem) {
    }

    public static <E extends Exception> Failures<E> failures(Class<E> type, Function<? super E, Problem> problem) {
        return new Failures<>(type, problem);
    }

    /** This read-back, turned on (doctor --local reads everything back). */
    public ReadBack on() {
        return new ReadBack(true, timeout);
    }

    /**
     * A check's whole deadline: its --timeout, plus the read-back's when it reads back. (The steps
     * before the read-back share --timeout; the read-back then has --verify-timeout of its own from
     * when it starts, and its calls get only what remains of that.)
     */
    public Duration deadline(Duration checkTimeout) {
        return enabled ? checkTimeout.plus(timeout) : checkTimeout;
    }

    /** The read-back's own deadline, starting now: its looks and every call they make end by it. */
    public Deadline start(Clock clock) {
        return Deadline.after(clock, timeout, "--verify-timeout");
    }

    /**
     * The same for a check whose own deadline is {@code check}: never later than that plus
     * --verify-timeout, so that the whole check ends within the two.
     */
    public Deadline start(Deadline check) {
        Deadline own = start(check.clock());
        Instant latest = check.at().plus(timeout);
        return own.at().isAfter(latest) ? new Deadline(own.clock(), latest, own.option()) : own;
    }

    /** {@link #run(StepTimer, Deadline, Polling.Attempt, Failures, Supplier, Supplier)} with a deadline starting now. */
    public <E extends Exception> Polling.Answer run(StepTimer steps, Clock clock, Polling.Attempt<E> look,
                                                    Failures<E> failures, Supplier<String> found,
                                                    Supplier<Problem> notFound) {
        return run(steps, start(clock), look, failures, found, notFound);
    }

    /**
     * Runs the "verify" step: {@code found} describes the probe when FOUND; {@code notFound} is the
     * problem when the timeout passes first; a STOP answer has recorded its own problem. Returns the
     * last answer (NOT_YET also when the look failed or was interrupted).
     */
    public <E extends Exception> Polling.Answer run(StepTimer steps, Deadline deadline, Polling.Attempt<E> look,
                                                    Failures<E> failures, Supplier<String> found,
                                                    Supplier<Problem> notFound) {
        return run(steps, "verify", deadline, look, failures, found, notFound);
    }

    /** The same, as a step of another name (what is read back is not always "the probe"). */
    public <E extends Exception> Polling.Answer run(StepTimer steps, String step, Deadline deadline, Polling.Attempt<E> look,
                                                    Failures<E> failures, Supplier<String> found,
                                                    Supplier<Problem> notFound) {
        steps.begin(step);
        boolean[] answered = {false};
        try {
            Polling.Answer answer = Polling.until(deadline.clock(), deadline.at(), () -> {
                Polling.Answer one = look.ask();
                answered[0] = true;
                return one;
            });
            switch (answer) {
                case FOUND -> steps.end(found.get());
                case STOP -> steps.end("not read back");
                case NOT_YET -> {
                    steps.problem(notFound.get());
                    steps.end("not found");
                }
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            steps.end("interrupted");
        } catch (Exception e) {
            if (!failures.type().isInstance(e)) {
                throw e instanceof RuntimeException unexpected ? unexpected : new IllegalStateException(e);
            }
            Problem failure = failures.problem().apply(failures.type().cast(e));
            if (failure.code() == ProblemCode.NET_TIMEOUT && deadline.passed() && answered[0]) {
                // the backend answered earlier looks; one still in flight when the read-back's time ran out means
                // the probe was not found in time, not that the backend stopped answering
                steps.problem(notFound.get());
                steps.end("not found");
                return Polling.Answer.NOT_YET;
            }
            steps.problem(failure);
            steps.end("not read back");
        }
        return Polling.Answer.NOT_YET;
    }
}
