package io.tracecheck.core;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The "resolve" step every backend check opens with: the backend's settings reviewed, and the
 * configuration read from them. When the backend is not configured, the step records that problem,
 * ends, and {@link #begin} is empty; otherwise the review's problems are recorded and the step stays
 * open for the check to end with what it resolved.
 */
public record Resolution<C>(ConfigReview review, C config) {

    public static <C> Optional<Resolution<C>> begin(String backend, Settings settings, StepTimer steps,
                                                    Function<ConfigReview, C> read, Function<Settings, Problem> notConfigured) {
        return begin(backend, settings, steps, read, config -> true, notConfigured);
    }

    /** As above, where the review alone cannot tell whether the configuration is enough to run the check. */
    public static <C> Optional<Resolution<C>> begin(String backend, Settings settings, StepTimer steps,
                                                    Function<ConfigReview, C> read, Predicate<C> usable,
                                                    Function<Settings, Problem> notConfigured) {
        steps.begin("resolve");
        ConfigReview review = new ConfigReview(backend, settings);
        C config = read.apply(review);
        if (!review.configured() || !usable.test(config)) {
            Problem missing = notConfigured.apply(settings);
            steps.problem(missing.headed() ? missing : missing.headed("not configured"));
            steps.end("not configured");
            return Optional.empty();
        }
        steps.reviewed(review.problems());
        return Optional.of(new Resolution<>(review, config));
    }

    /** Whether the review found a problem that stops the check before it sends anything. */
    public boolean hasFailure() {
        return review.hasFailure();
    }
}
