package io.tracecheck.honeycomb;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Secret;
import io.tracecheck.core.Settings;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Honeycomb's REST API: {@code /1/auth} and the Query Data API, with the key in X-Honeycomb-Team. */
final class HoneycombApi {
    private final HttpCalls http;
    private final URI endpoint;
    private final Secret key;

    /**
     * The problem when the configuration has no key that can run queries, for reading traces back
     * ({@code needing}: what needs it, "listing traces"); empty when there is one.
     */
    static Optional<Problem> noQueryKey(HoneycombConfig config, Settings settings, String needing) {
        if (config.queryKey().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(ProblemCode.CONFIG_MISSING, "HONEYCOMB_API_KEY is not set: " + needing
                        + " needs a key that can run queries",
                new Fixes(settings).prompt("HONEYCOMB_API_KEY") + "  # paste a Configuration key with Run Queries"));
    }

    HoneycombApi(HttpCalls http, URI endpoint, Secret key) {
        this.http = http;
        this.endpoint = endpoint;
        this.key = key;
    }

    URI endpoint() {
        return endpoint;
    }

    HttpAnswer auth() throws IOException {
        return http.get(resolve("/1/auth"), headers());
    }

    HttpAnswer createQuery(String dataset, Map<String, Object> query) throws IOException {
        return http.post(resolve("/1/queries/" + dataset), headers(), "application/json", JSON.std.asBytes(query));
    }

    HttpAnswer createResult(String dataset, String queryId, boolean disableSeries) throws IOException {
        return http.post(resolve("/1/query_results/" + dataset), headers(), "application/json",
                JSON.std.asBytes(Map.of("query_id", queryId, "disable_series", disableSeries)));
    }

    HttpAnswer result(String dataset, String resultId) throws IOException {
        return http.get(resolve("/1/query_results/" + dataset + "/" + resultId), headers());
    }

    URI resolve(String path) {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private Map<String, String> headers() {
        return Map.of("X-Honeycomb-Team", key.reveal(), "Accept", "application/json");
    }

    /** The body as a JSON object, when it is one. */
    static Optional<Map<String, Object>> json(HttpAnswer answer) {
        try {
            return Optional.ofNullable(JSON.std.mapFrom(answer.body()));
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** Honeycomb's {"error": "…"} message, or the body's excerpt. */
    static String message(HttpAnswer answer) {
        return json(answer).map(m -> m.getOrDefault("error", m.getOrDefault("message", m))).map(String::valueOf)
                .orElse(answer.text());
    }
}
