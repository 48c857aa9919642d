package io.tracecheck.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static review of one backend's configuration: whether it is configured, the problems
 * found, and a verdict per variable for the env table. Backends fill it in; the env check and
 * each backend check read it.
 */
public final class ConfigReview {
    private final String backend;
    private final Settings settings;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> verdicts = new LinkedHashMap<>();
    private final Map<String, String> displays = new LinkedHashMap<>();
    private boolean configured;
    private String summary = "";

    public ConfigReview(String backend, Settings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    public String backend() {
        return backend;
    }

    public Settings settings() {
        return settings;
    }

    public boolean configured() {
        return configured;
    }

    public void configured(boolean value, String why) {
        configured = value;
        summary = why;
    }

    public String summary() {
        return summary;
    }

    public void summary(String text) {
        summary = text;
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public Status status() {
        return configured ? CheckResult.statusOf(problems) : Status.SKIP;
    }

    /** True when a failure (not a warning) was found: the backend's live check should stop here. */
    public boolean hasFailure() {
        return CheckResult.statusOf(problems) == Status.FAIL;
    }

    /** Records a problem and marks the variable it is about (null when it is about no one variable). */
    public void problem(KnownVariable variable, Problem problem) {
        problems.add(problem);
        if (variable != null) {
            verdicts.merge(variable.name(), problem.severity().id() + ": " + problem.code().id(),
                    (old, added) -> old.startsWith("fail") ? old : added);
        }
    }

    public void problem(KnownVariable variable, ProblemCode code, String message, String fix) {
        problem(variable, Problem.of(code, message, fix));
    }

    /** A remark for the variable's verdict when nothing is wrong with it ("ingest key", "EU region"). */
    public void note(KnownVariable variable, String note) {
        verdicts.putIfAbsent(variable.name(), "ok: " + note);
    }

    /** A better safe rendering of a variable than its masked whole, e.g. a header list with each value masked. */
    public void display(KnownVariable variable, String safeText) {
        displays.put(variable.name(), safeText);
    }

    public Optional<String> display(String variable) {
        return Optional.ofNullable(displays.get(variable));
    }

    public Optional<String> verdict(String variable) {
        return Optional.ofNullable(verdicts.get(variable));
    }

    public Fixes fixes() {
        return new Fixes(settings);
    }
}
