package io.tracecheck.rollbar;

import io.tracecheck.network.CallAnswers;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Secret;
import io.tracecheck.core.Setting;
import io.tracecheck.core.Settings;
import io.tracecheck.core.ValueRules;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static io.tracecheck.core.KnownVariable.ROLLBAR_ACCESS_TOKEN;
import static io.tracecheck.core.KnownVariable.ROLLBAR_ENDPOINT;
import static io.tracecheck.core.KnownVariable.ROLLBAR_ENVIRONMENT;
import static io.tracecheck.core.KnownVariable.ROLLBAR_READ_TOKEN;

/** Rollbar's configuration as rollbar-java would use it, with the static rules. */
public record RollbarConfig(Optional<Secret> accessToken, String environment, URI endpoint, Optional<Secret> readToken) {

    public static boolean isConfigured(Settings settings) {
        return settings.isSet(ROLLBAR_ACCESS_TOKEN);
    }

    /** What the Rollbar check reports when run by name without an access token. */
    public static Problem notConfigured() {
        return notConfigured(Settings.of(java.util.Map.of()));
    }

    /** The same, its fix in the form these settings call for (a shell, Gitpod, a compose file). */
    public static Problem notConfigured(Settings settings) {
        return Problem.of(ProblemCode.CONFIG_MISSING, "Rollbar is not configured: ROLLBAR_ACCESS_TOKEN is not set",
                new io.tracecheck.core.Fixes(settings).prompt("ROLLBAR_ACCESS_TOKEN")
                        + "  # paste the project's post_server_item token: Project settings > Project Access Tokens");
    }

    public static RollbarConfig review(ConfigReview review) {
        boolean configured = isConfigured(review.settings());
        review.configured(configured, configured ? "configured" : "not configured: set ROLLBAR_ACCESS_TOKEN");
        Optional<Secret> token = token(review, ROLLBAR_ACCESS_TOKEN);
        Optional<Secret> readToken = token(review, ROLLBAR_READ_TOKEN);
        String environment = ValueRules.shape(review, ROLLBAR_ENVIRONMENT).map(Setting::cleanText)
                .orElse(ROLLBAR_ENVIRONMENT.defaultValue().orElseThrow());
        URI defaultEndpoint = URI.create(ROLLBAR_ENDPOINT.defaultValue().orElseThrow());
        URI endpoint = ValueRules.url(review, ROLLBAR_ENDPOINT, defaultEndpoint.toString()).orElse(defaultEndpoint);
        String path = endpoint.getPath() == null ? "" : endpoint.getPath();
        if (review.settings().isSet(ROLLBAR_ENDPOINT) && !path.matches(".*/api/1/item/?")) {
            review.problem(ROLLBAR_ENDPOINT, Problem.warn(ProblemCode.CONFIG_MALFORMED,
                    "ROLLBAR_ENDPOINT's path is '" + path + "'; rollbar-java posts items to the URL as given, "
                            + "and Rollbar's item API is /api/1/item/",
                    review.fixes().set("ROLLBAR_ENDPOINT", endpoint.getScheme() + "://" + endpoint.getRawAuthority()
                            + "/api/1/item/")));
        }
        CallAnswers.reviewProxies(review, List.of(endpoint));
        return new RollbarConfig(token, environment, endpoint, readToken);
    }

    private static Optional<Secret> token(ConfigReview review, KnownVariable variable) {
        Optional<Secret> token = ValueRules.shape(review, variable).map(s -> s.secret().cleaned());
        token.ifPresent(t -> {
            if (t.test(v -> v.matches("[0-9a-f]{32}"))) {
                review.note(variable, "32 hex characters");
            } else {
                review.problem(variable, Problem.warn(ProblemCode.CONFIG_MALFORMED,
                        variable.name() + " (" + t.masked() + ") is not 32 hex characters, the shape of Rollbar "
                                + "project access tokens",
                        review.fixes().prompt(variable.name()) + "  # paste the token again: Project settings > Project "
                                + "Access Tokens"));
            }
        });
        return token;
    }
}
