package io.tracecheck.propagation;

import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import io.tracecheck.core.ValueRules;

import java.net.URI;
import java.util.Optional;

import static io.tracecheck.core.KnownVariable.TRACECHECK_APP_URL;

/** The app URL doctor's propagation check requests: TRACECHECK_APP_URL (or doctor's --app-url). */
public final class PropagationConfig {
    private PropagationConfig() {
    }

    public static Problem notConfigured(Settings settings) {
        return Problem.of(ProblemCode.CONFIG_MISSING, "no app URL to send a traced request to: TRACECHECK_APP_URL is not set",
                new Fixes(settings).set(TRACECHECK_APP_URL.name(), "http://localhost:4567/api/health")
                        + "  # a route of the backend that the frontend calls");
    }

    public static Optional<URI> review(ConfigReview review) {
        boolean configured = review.settings().isSet(TRACECHECK_APP_URL);
        review.configured(configured, configured ? "configured" : "not configured: set TRACECHECK_APP_URL to check propagation");
        return ValueRules.url(review, TRACECHECK_APP_URL, "http://localhost:4567/api/health");
    }
}
