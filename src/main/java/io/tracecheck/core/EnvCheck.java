package io.tracecheck.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck env}: the static rules of the configuration reviews it is given, no network.
 * One step per review, the problems of all, and the table of variables read.
 */
public final class EnvCheck implements Check {
    public static final String NAME = "env";

    private final List<BackendConfig> backends;
    private final List<Problem> sourceProblems;

    public EnvCheck(List<BackendConfig> backends) {
        this(backends, List.of());
    }

    /**
     * With problems found in where the configuration came from (a compose file's unset references); the
     * variables a Gitpod workspace persisted but this shell lacks are compared when it runs.
     */
    public EnvCheck(List<BackendConfig> backends, List<Problem> sourceProblems) {
        this.backends = List.copyOf(backends);
        this.sourceProblems = List.copyOf(sourceProblems);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(CheckContext context) {
        List<ConfigReview> reviews = backends.stream().map(backend -> {
            Instant start = context.clock().instant();
            ConfigReview review = backend.review(context.settings());
            context.verbose("env: reviewed " + backend.name() + " in "
                    + Duration.between(start, context.clock().instant()).toMillis() + " ms: "
                    + (review.configured() ? review.problems().size() + " problem(s)" : review.summary()));
            return backend.optIn() && !review.configured() ? null : review;
        }).filter(java.util.Objects::nonNull).toList();
        CheckResult result = result(context.settings(), reviews);
        List<Problem> found = new ArrayList<>(sourceProblems);
        // persisted with gp env but not in this shell: the likeliest reason a variable "is not set"
        found.addAll(GitpodVariables.problems(context.settings(), context.timeout(), context::verbose));
        if (found.isEmpty()) {
            return result;
        }
        List<Problem> problems = new ArrayList<>(found);
        problems.addAll(result.problems());
        return new CheckResult(NAME, result.status().worse(CheckResult.statusOf(found)), result.duration(),
                result.summary(), result.steps(), problems, result.artifacts(), result.variables());
    }

    public static CheckResult result(Settings settings, List<ConfigReview> reviews) {
        List<Step> steps = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> configured = new ArrayList<>();
        List<String> unconfigured = new ArrayList<>();
        for (ConfigReview review : reviews) {
            steps.add(new Step(review.backend(), review.status(), Duration.ZERO,
                    review.configured() ? describe(review) : review.summary()));
            problems.addAll(review.problems());
            (review.configured() ? configured : unconfigured).add(review.backend());
        }
        Status status = configured.isEmpty() && problems.isEmpty() ? Status.SKIP : CheckResult.statusOf(problems);
        String summary = configured.isEmpty()
                ? nothingConfigured(unconfigured)
                : String.join(", ", configured) + " configured"
                + (unconfigured.isEmpty() ? "" : "; " + String.join(", ", unconfigured) + " not configured");
        return new CheckResult(NAME, status, Duration.ZERO, summary, steps, problems, Map.of(),
                variables(settings, reviews));
    }

    /** "nothing configured: no honeycomb, aws or rollbar configuration", naming the backends reviewed. */
    private static String nothingConfigured(List<String> reviewed) {
        if (reviewed.isEmpty()) {
            return "nothing configured: no backend selected";
        }
        String last = reviewed.get(reviewed.size() - 1);
        String names = reviewed.size() == 1 ? last
                : String.join(", ", reviewed.subList(0, reviewed.size() - 1)) + " or " + last;
        return "nothing configured: no " + names + " configuration";
    }

    private static String describe(ConfigReview review) {
        long failures = review.problems().stream().filter(p -> p.severity() == Severity.FAIL).count();
        long warnings = review.problems().size() - failures;
        if (review.problems().isEmpty()) {
            return "configuration looks right";
        }
        return failures + " failure(s), " + warnings + " warning(s)";
    }

    private static List<CheckResult.VariableReport> variables(Settings settings, List<ConfigReview> reviews) {
        List<CheckResult.VariableReport> rows = new ArrayList<>();
        for (KnownVariable variable : KnownVariable.values()) {
            Optional<Setting> setting = settings.get(variable);
            Optional<String> reviewed = reviews.stream().map(r -> r.verdict(variable.name())).flatMap(Optional::stream)
                    .findFirst();
            // HOME, LANG and the like are listed only when a review found them relevant
            if (setting.isEmpty() || !variable.group().configuration() && reviewed.isEmpty()) {
                continue;
            }
            String verdict = reviewed.orElse(setting.get().source() == Source.DEFAULT ? "default" : "ok");
            String display = reviews.stream().map(r -> r.display(variable.name())).flatMap(Optional::stream)
                    .findFirst().orElse(setting.get().display());
            rows.add(new CheckResult.VariableReport(variable.name(), display, setting.get().source(), verdict));
        }
        return rows;
    }

    /** True when no backend is configured: exit code 3, nothing could be checked. */
    public static boolean nothingConfigured(CheckResult env) {
        return env.steps().stream().allMatch(s -> s.status() == Status.SKIP);
    }
}
