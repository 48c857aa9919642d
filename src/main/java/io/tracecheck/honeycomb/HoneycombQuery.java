package io.tracecheck.honeycomb;

import io.tracecheck.core.Polling;
import io.tracecheck.http.HttpAnswer;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One query through Honeycomb's Query Data API, the only way tracecheck queries: create the query,
 * ask for its result, then poll the result until Honeycomb has computed it. Each {@link #advance()}
 * takes one of those steps, so a caller can wait with {@link Polling} (and its pauses) alone.
 */
final class HoneycombQuery {
    private final HoneycombApi api;
    private final String dataset;
    private final Map<String, Object> query;
    private final boolean series;
    private String resultId;
    private Map<String, Object> result = Map.of();
    private HttpAnswer refusal;

    /** {@code series}: whether the result has the time series as well as the totals. */
    HoneycombQuery(HoneycombApi api, String dataset, Map<String, Object> query, boolean series) {
        this.api = api;
        this.dataset = dataset;
        this.query = query;
        this.series = series;
    }

    /**
     * One step: FOUND when the result is complete ({@link #result()}), NOT_YET while Honeycomb is
     * computing it, STOP when Honeycomb refused a request ({@link #refusal()}).
     */
    Polling.Answer advance() throws IOException {
        if (refusal != null) {
            return Polling.Answer.STOP;
        }
        if (resultId == null) {
            HttpAnswer created = api.createQuery(dataset, query);
            if (!ok(created)) {
                return Polling.Answer.STOP;
            }
            String queryId = String.valueOf(HoneycombApi.json(created).orElse(Map.of()).get("id"));
            HttpAnswer asked = api.createResult(dataset, queryId, !series);
            if (!ok(asked)) {
                return Polling.Answer.STOP;
            }
            result = HoneycombApi.json(asked).orElse(Map.of());
            resultId = String.valueOf(result.get("id"));
        } else {
            HttpAnswer polled = api.result(dataset, resultId);
            if (!ok(polled)) {
                return Polling.Answer.STOP;
            }
            result = HoneycombApi.json(polled).orElse(Map.of());
        }
        return Boolean.TRUE.equals(result.get("complete")) ? Polling.Answer.FOUND : Polling.Answer.NOT_YET;
    }

    /** Steps until the result is complete, Honeycomb refuses, or the deadline comes (NOT_YET). */
    Polling.Answer run(Clock clock, Instant deadline) throws IOException, InterruptedException {
        return Polling.until(clock, deadline, this::advance);
    }

    /** The result's body as last read (complete when advance answered FOUND). */
    Map<String, Object> result() {
        return result;
    }

    /** The answer that refused the query, its result or a poll. */
    Optional<HttpAnswer> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** A 2xx with Honeycomb's JSON; anything else (a proxy's page, an empty 200) stops the query as a refusal. */
    private boolean ok(HttpAnswer answer) {
        if (answer.status() >= 200 && answer.status() < 300 && HoneycombApi.json(answer).isPresent()) {
            return true;
        }
        refusal = answer;
        return false;
    }
}
