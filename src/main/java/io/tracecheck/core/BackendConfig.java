package io.tracecheck.core;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One configuration review: a backend's name, its static rules as the env check runs them, and the
 * problem its checks report when it is not configured (its fix in the form these settings call for). Several checks may share one (X-Ray and
 * CloudWatch Logs share the AWS review). An {@code optIn} review (the app's URL for propagation) is
 * no backend: unset, env neither lists it nor counts it as "not configured".
 */
public record BackendConfig(String name, Consumer<ConfigReview> rules, Function<Settings, Problem> notConfigured,
                            boolean optIn) {
    public BackendConfig(String name, Consumer<ConfigReview> rules, Function<Settings, Problem> notConfigured) {
        this(name, rules, notConfigured, false);
    }

    public ConfigReview review(Settings settings) {
        ConfigReview review = new ConfigReview(name, settings);
        rules.accept(review);
        return review;
    }

    /** Whether the settings configure this backend, as its own rules decide it. */
    public boolean configured(Settings settings) {
        return review(settings).configured();
    }
}
