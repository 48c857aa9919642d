package io.tracecheck.honeycomb;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.StepTimer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --verify}: asks Honeycomb's Query Data API for the probe's spans (COUNT where
 * trace.trace_id = the probe's id) until they are found or --verify-timeout passes.
 */
final class QueryReadBack {
    private final HoneycombHttp http;
    private final CheckContext context;

    QueryReadBack(HoneycombHttp http, CheckContext context) {
        this.http = http;
        this.context = context;
    }

    void verify(HoneycombConfig config, Optional<AuthInfo> auth, String dataset, ProbeTrace probe, Duration timeout,
                StepTimer steps) {
        steps.begin("verify");
        if (config.queryKey().isEmpty()) {
            steps.problem(Problem.warn(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE,
                    "no Honeycomb key to query with: the probe went to a collector", "Set HONEYCOMB_API_KEY to a "
                            + "Configuration key with \"Run Queries\" to read the probe back."));
            steps.end("not read back");
            return;
        }
        boolean sameKey = config.key().equals(config.queryKey());
        if (sameKey && auth.isPresent() && !auth.get().can("queries")) {
            steps.problem(Problem.warn(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE, "the " + auth.get().type()
                            + " key cannot run queries (no \"Run Queries\" permission), so the probe cannot be read back; "
                            + "it was accepted",
                    "Use a Configuration key with \"Run Queries\" for --verify and tracecheck traces."));
            steps.end("not read back");
            return;
        }
        HoneycombApi api = new HoneycombApi(http, config.apiEndpoint(), config.queryKey().get());
        String slug = HoneycombLink.slug(dataset);
        Instant deadline = context.clock().instant().plus(timeout);
        Map<String, Object> query = Map.of("calculations", List.of(Map.of("op", "COUNT")),
                "filters", List.of(Map.of("column", "trace.trace_id", "op", "=", "value", probe.traceId())),
                "time_range", 3600);
        long[] found = {0};
        try {
            Polling.Answer answer = Polling.until(context.clock(), deadline, () -> {
                Optional<Long> count = count(api, slug, query, deadline, steps);
                count.ifPresent(c -> found[0] = c);
                return count.isEmpty() ? Polling.Answer.STOP
                        : count.get() >= probe.spanCount() ? Polling.Answer.FOUND : Polling.Answer.NOT_YET;
            });
            switch (answer) {
                case FOUND -> steps.end("found " + found[0] + " spans in dataset " + dataset);
                case STOP -> steps.end("not read back");
                case NOT_YET -> {
                    steps.problem(Problem.of(ProblemCode.HONEYCOMB_NOT_FOUND, "the probe trace " + probe.traceId()
                            + " was not found in dataset " + dataset + " within " + timeout.toSeconds() + " s (found "
                            + found[0] + " of " + probe.spanCount() + " spans)", null));
                    steps.end("not found");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            steps.end("interrupted");
        }
    }

    /** One query run: the COUNT, or empty when querying is impossible (the problem is recorded). */
    private Optional<Long> count(HoneycombApi api, String dataset, Map<String, Object> query, Instant deadline,
                                 StepTimer steps) throws InterruptedException {
        try {
            HttpAnswer created = api.createQuery(dataset, query);
            if (created.status() == 404) {
                return Optional.of(0L); // the dataset appears with its first event: not yet
            }
            if (!ok(created, steps, api)) {
                return Optional.empty();
            }
            String queryId = String.valueOf(HoneycombApi.json(created).orElse(Map.of()).get("id"));
            HttpAnswer result = api.createResult(dataset, queryId);
            if (!ok(result, steps, api)) {
                return Optional.empty();
            }
            Map<String, Object> body = HoneycombApi.json(result).orElse(Map.of());
            String resultId = String.valueOf(body.get("id"));
            long wait = 50;
            while (!Boolean.TRUE.equals(body.get("complete")) && context.clock().instant().isBefore(deadline)) {
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 1000);
                HttpAnswer poll = api.result(dataset, resultId);
                if (!ok(poll, steps, api)) {
                    return Optional.empty();
                }
                body = HoneycombApi.json(poll).orElse(Map.of());
            }
            return Optional.of(firstCount(body));
        } catch (IOException e) {
            steps.problem(NetworkFailures.of(e, api.endpoint(), http.timeout()));
            return Optional.empty();
        }
    }

    private static boolean ok(HttpAnswer answer, StepTimer steps, HoneycombApi api) {
        if (answer.status() == 200 || answer.status() == 201) {
            return true;
        }
        if (answer.status() == 401 || answer.status() == 403) {
            steps.problem(Problem.warn(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE, "Honeycomb refused the query ("
                            + answer.status() + " " + HoneycombApi.message(answer) + "); the probe was accepted but not read back",
                    "Use a Configuration key with \"Run Queries\"; the Query Data API also needs a plan that includes it."));
        } else {
            steps.problem(NetworkFailures.ofStatus(answer.status(), answer.header("Retry-After"),
                    HoneycombApi.message(answer), api.endpoint()));
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static long firstCount(Map<String, Object> body) {
        if (body.get("data") instanceof Map<?, ?> data && data.get("results") instanceof List<?> results && !results.isEmpty()
                && results.get(0) instanceof Map<?, ?> first && first.get("data") instanceof Map<?, ?> row
                && row.get("COUNT") instanceof Number count) {
            return count.longValue();
        }
        return 0;
    }
}
