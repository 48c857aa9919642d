package io.tracecheck.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a check's steps with their own timings and problems, so a check reads as a sequence of
 * {@code begin(...)}, work, {@code end(...)}. The step's status follows the problems added during it.
 */
public final class StepTimer {
    private final Clock clock;
    private final java.util.function.Consumer<String> announce;
    private final List<Step> steps = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private String current;
    private Instant started;
    private int problemsAtStart;

    public StepTimer(Clock clock) {
        this(clock, step -> { });
    }

    public StepTimer(Clock clock, java.util.function.Consumer<String> announce) {
        this.clock = clock;
        this.announce = announce;
    }

    public void begin(String name) {
        announce.accept(name);
        current = name;
        started = clock.instant();
        problemsAtStart = problems.size();
    }

    public void problem(Problem problem) {
        problems.add(problem);
    }

    public void problems(List<Problem> more) {
        problems.addAll(more);
    }

    /** Ends the current step; its status is the worst of the problems it added. */
    public void end(String detail) {
        Status status = CheckResult.statusOf(problems.subList(problemsAtStart, problems.size()));
        steps.add(new Step(current, status, Duration.between(started, clock.instant()), detail));
        current = null;
    }

    public void skip(String name, String why) {
        steps.add(new Step(name, Status.SKIP, Duration.ZERO, why));
    }

    /** The check's result: its status follows its problems (fail on any failure, warn on any warning). */
    public CheckResult result(String check, String summary, java.util.Map<String, String> artifacts) {
        List<Problem> all = problems();
        return new CheckResult(check, CheckResult.statusOf(all), Duration.ZERO, summary, steps(), all, artifacts, List.of());
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }
}
