package io.tracecheck.core;

import java.util.function.Consumer;

/** A backend's name and its static configuration rules, as the env check runs them. */
public record BackendConfig(String name, Consumer<ConfigReview> rules) {
    public ConfigReview review(Settings settings) {
        ConfigReview review = new ConfigReview(name, settings);
        rules.accept(review);
        return review;
    }
}
