package io.tracecheck.honeycomb;

import io.tracecheck.core.Fixes;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.Settings;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.network.CallAnswers;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Answers of Honeycomb's REST API that are not Honeycomb's: the shared cases of
 * {@link CallAnswers}, and a 2xx that is not the JSON this API always answers.
 */
final class Answers {
    private Answers() {
    }

    /**
     * An answer of Honeycomb's REST API that is not Honeycomb's: a foreign one, or a 2xx whose body
     * is not a JSON object (every answer of /1/auth and the Query Data API is one).
     */
    static Optional<Problem> notFromHoneycomb(HttpAnswer answer, URI url, HoneycombConfig config, Settings settings) {
        Optional<String> fix = apiEndpointFix(config, settings);
        Optional<Problem> foreign = CallAnswers.foreign(answer, url, "Honeycomb", fix, settings);
        if (foreign.isPresent()) {
            return foreign;
        }
        if (answer.status() / 100 == 2 && HoneycombApi.json(answer).isEmpty()) {
            return Optional.of(ForeignAnswer.unreadable(CallAnswers.seen(answer), CallAnswers.asked("Honeycomb", url, fix, settings),
                    "Honeycomb's JSON"));
        }
        return Optional.empty();
    }

    /** As above, for /1/auth: a 200 must also describe the key (its api_key_access), not be some other JSON. */
    static Optional<Problem> notFromHoneycombsAuth(HttpAnswer answer, URI url, HoneycombConfig config, Settings settings) {
        return notFromHoneycomb(answer, url, config, settings).or(() -> {
            boolean describesAKey = HoneycombApi.json(answer).map(json -> json.get("api_key_access") instanceof Map<?, ?>)
                    .orElse(false);
            return answer.status() != 200 || describesAKey ? Optional.empty()
                    : Optional.of(ForeignAnswer.unreadable(CallAnswers.seen(answer), CallAnswers.asked("Honeycomb", url,
                    apiEndpointFix(config, settings), settings), "Honeycomb's /1/auth answer (the key's api_key_access, team and environment)"));
        });
    }

    /** HONEYCOMB_API_ENDPOINT back at Honeycomb, when it was set to something else. */
    private static Optional<String> apiEndpointFix(HoneycombConfig config, Settings settings) {
        if (!settings.isSet(KnownVariable.HONEYCOMB_API_ENDPOINT) || config.apiRegion().isHoneycomb()) {
            return Optional.empty();
        }
        return Optional.of(new Fixes(settings).set(KnownVariable.HONEYCOMB_API_ENDPOINT.name(), HoneycombRegion.US.apiEndpoint()));
    }
}
