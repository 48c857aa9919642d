package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Collects a check's steps with their own timings and problems, so a check reads as a sequence of
 * {@code begin(...)}, work, {@code end(...)}. A step's status follows the problems added during it.
 * The words of a failure are written once, in its problem's headline: a failed step's detail is
 * its first failure's headline, and a failed check's summary is {@code "<step>: <headline>"} of the
 * check's first failure, so neither can name another cause than the problem below them does.
 *
 * <p>A problem is reported once per check: the same code and message again still marks its step
 * but is listed once (the worse copy), and a problem the static review raised gives way to one a
 * later step raises with the same code, since the step saw the real thing.
 */
public final class StepTimer {
    private final Clock clock;
    private final Consumer<String> announce;
    private final List<Slot> steps = new ArrayList<>();
    private final List<Recorded> problems = new ArrayList<>();
    private Slot current;

    public StepTimer(Clock clock) {
        this(clock, step -> { });
    }

    public StepTimer(Clock clock, Consumer<String> announce) {
        this.clock = clock;
        this.announce = announce;
    }

    /** A step as it runs: its status and (when it failed) its detail are read from its problems at the end. */
    private static final class Slot {
        private final String name;
        private final Instant started;
        private final boolean skipped;
        private Duration duration = Duration.ZERO;
        private String detail;

        private Slot(String name, Instant started, boolean skipped, String detail) {
            this.name = name;
            this.started = started;
            this.skipped = skipped;
            this.detail = detail;
        }
    }

    /** A problem, the step it was found in (null outside any step), and whether the static review raised it. */
    private record Recorded(Problem problem, Slot step, boolean reviewed) {
    }

    public void begin(String name) {
        announce.accept(name);
        current = new Slot(name, clock.instant(), false, "");
    }

    /** The step running now, if one is. */
    public Optional<String> current() {
        return Optional.ofNullable(current).map(slot -> slot.name);
    }

    public void problem(Problem problem) {
        record(problem, false);
    }

    public void problems(List<Problem> more) {
        more.forEach(this::problem);
    }

    /** The static review's problems: each gives way to a later step's problem of the same code. */
    public void reviewed(List<Problem> review) {
        for (Problem problem : review) {
            record(problem, true);
        }
    }

    private void record(Problem problem, boolean reviewed) {
        if (!reviewed) {
            problems.removeIf(earlier -> earlier.reviewed() && earlier.problem().code() == problem.code());
        }
        problems.add(new Recorded(problem, current, reviewed));
    }

    /** Ends the current step; its status is the worst of its problems, and a failed step's detail is its first failure's headline. */
    public void end(String detail) {
        current.duration = Duration.between(current.started, clock.instant());
        current.detail = detail == null ? "" : detail;
        steps.add(current);
        current = null;
    }

    public void skip(String name, String why) {
        steps.add(new Slot(name, clock.instant(), true, why));
    }

    /**
     * The check's result: its status follows its problems (fail on any failure, warn on any
     * warning); {@code summary} is what a run without failure found, and a failed run's summary is
     * its first failure's.
     */
    public CheckResult result(String check, String summary, Map<String, String> artifacts) {
        List<Problem> all = problems();
        Status status = CheckResult.statusOf(all);
        return new CheckResult(check, status, Duration.ZERO, firstFailure().orElse(summary), steps(), all, artifacts,
                List.of());
    }

    /** The result of a check that stopped at a failure: the summary is that failure's. */
    public CheckResult result(String check, Map<String, String> artifacts) {
        return result(check, "stopped after " + (steps.isEmpty() ? "starting" : steps.get(steps.size() - 1).name), artifacts);
    }

    /** {@code "<step>: <headline>"} of the first failure, or its headline alone when it came outside any step. */
    private Optional<String> firstFailure() {
        for (Recorded recorded : problems) {
            if (recorded.problem().severity() == Severity.FAIL) {
                return Optional.of((recorded.step() == null ? "" : recorded.step().name + ": ") + recorded.problem().headline());
            }
        }
        return Optional.empty();
    }

    public List<Step> steps() {
        List<Step> ended = new ArrayList<>();
        for (Slot slot : steps) {
            List<Problem> own = new ArrayList<>();
            for (Recorded recorded : problems) {
                if (recorded.step() == slot) {
                    own.add(recorded.problem());
                }
            }
            Status status = slot.skipped ? Status.SKIP : CheckResult.statusOf(own);
            ended.add(new Step(slot.name, status, slot.duration, status == Status.FAIL ? firstFailure(own, slot.detail) : slot.detail));
        }
        return List.copyOf(ended);
    }

    private static String firstFailure(List<Problem> own, String otherwise) {
        for (Problem problem : own) {
            if (problem.severity() == Severity.FAIL) {
                return problem.headline();
            }
        }
        return otherwise;
    }

    /** The check's problems, each once: a repeat still marks its own step, but is reported once (the worse copy). */
    public List<Problem> problems() {
        List<Problem> once = new ArrayList<>();
        for (Recorded recorded : problems) {
            Problem problem = recorded.problem();
            int earlier = indexOfSame(once, problem);
            if (earlier < 0) {
                once.add(problem);
            } else if (problem.severity() == Severity.FAIL && once.get(earlier).severity() != Severity.FAIL) {
                once.set(earlier, problem);
            }
        }
        return List.copyOf(once);
    }

    private static int indexOfSame(List<Problem> problems, Problem problem) {
        for (int i = 0; i < problems.size(); i++) {
            if (problems.get(i).sameAs(problem)) {
                return i;
            }
        }
        return -1;
    }
}
