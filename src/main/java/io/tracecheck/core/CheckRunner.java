package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs checks concurrently, each on its own daemon thread with its own deadline: --timeout from the
 * moment it starts (its calls get only what remains of it), plus --verify-timeout for a read-back.
 * A check keeps to it by itself; one that still overruns it by a second's grace is reported as
 * timed out, naming the step it was in, and abandoned. One that throws becomes a failed check with
 * {@code internal.error}. Either way the others still report.
 */
public final class CheckRunner {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Clock clock;

    public CheckRunner(Clock clock) {
        this.clock = clock;
    }

    /** Runs every check, a single one too, so that {@code tracecheck honeycomb --timeout 2s} is bounded like doctor. */
    public List<CheckResult> run(List<Check> checks, CheckContext context) {
        if (checks.isEmpty()) {
            return List.of();
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(checks.size(), task -> {
            Thread thread = new Thread(task, "tracecheck-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Instant start = clock.instant();
            List<Future<CheckResult>> futures = new ArrayList<>();
            List<StepWatch> watches = new ArrayList<>();
            for (Check check : checks) {
                StepWatch watch = new StepWatch(context.progress());
                watches.add(watch);
                futures.add(pool.submit(() -> timed(check, context.reporting(watch).startingNow())));
            }
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                Instant deadline = start.plus(checks.get(i).deadline(context.timeout())).plus(GRACE);
                results.add(await(checks.get(i), futures.get(i), deadline, watches.get(i), context));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private CheckResult timed(Check check, CheckContext context) {
        Instant start = clock.instant();
        context.progress().started(check.name());
        try {
            CheckResult result = check.run(context);
            return result.withDuration(Duration.between(start, clock.instant()));
        } finally {
            context.progress().finished(check.name());
        }
    }

    private CheckResult await(Check check, Future<CheckResult> future, Instant deadline, StepWatch watch,
                              CheckContext context) {
        try {
            long waitMillis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            String within = "within --timeout " + Durations.format(context.timeout()) + (check.readBack().enabled()
                    ? " and --verify-timeout " + Durations.format(check.readBack().timeout()) : "");
            String step = watch.step;
            Problem problem = Problem.of(ProblemCode.NET_TIMEOUT, check.name() + " did not finish " + within
                            + (step == null ? "" : ": it was still in its " + step + " step"),
                    "tracecheck " + check.name() + " -v  # shows the call it hangs in; a slow backend needs a larger --timeout: "
                            + "tracecheck " + check.name() + " --timeout " + Durations.format(context.timeout().multipliedBy(2)))
                    .headed("did not finish " + within);
            return new CheckResult(check.name(), Status.FAIL, check.deadline(context.timeout()),
                    (step == null ? "" : step + ": ") + problem.headline(), List.of(), List.of(problem), Map.of(), List.of());
        } catch (ExecutionException e) {
            return crashed(check, e.getCause(), Duration.ZERO, context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return crashed(check, e, Duration.ZERO, context);
        }
    }

    /** The progress of one check, passed on, remembering the step it is in for the report of a check that overran. */
    private static final class StepWatch implements CheckProgress {
        private final CheckProgress next;
        private volatile String step;

        private StepWatch(CheckProgress next) {
            this.next = next;
        }

        @Override
        public void started(String check) {
            next.started(check);
        }

        @Override
        public void step(String check, String step) {
            this.step = step;
            next.step(check, step);
        }

        @Override
        public void finished(String check) {
            next.finished(check);
        }
    }

    private static CheckResult crashed(Check check, Throwable error, Duration elapsed, CheckContext context) {
        context.verbose(check.name() + " crashed: " + StackTraces.of(error));
        Problem problem = Problem.of(ProblemCode.INTERNAL_ERROR,
                check.name() + " failed inside tracecheck: " + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage()),
                null);
        return new CheckResult(check.name(), Status.FAIL, elapsed, "internal error", List.of(), List.of(problem),
                Map.of(), List.of());
    }
}
