package io.tracecheck.honeycomb;

import io.tracecheck.network.CallAnswers;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import io.tracecheck.otlp.ProbeTrace;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --verify}: asks Honeycomb's Query Data API for the probe's spans (COUNT where
 * trace.trace_id = the probe's id), query after query, until all are counted or --verify-timeout
 * passes; every request has only what is left of it.
 */
final class QueryReadBack {
    private QueryReadBack() {
    }

    static void verify(ReadBack readBack, CheckContext context, HoneycombConfig config, Optional<AuthInfo> auth,
                       String dataset, ProbeTrace probe, StepTimer steps) {
        Deadline deadline = readBack.start(context.deadline());
        try (HttpCalls http = new HttpCalls(context.clock(), deadline::at, context::verbose,
                CallAnswers.proxies(context.settings()))) {
            verify(readBack, deadline, http, config, auth, dataset, probe, steps, context.settings());
        }
    }

    private static void verify(ReadBack readBack, Deadline deadline, HttpCalls http, HoneycombConfig config,
                               Optional<AuthInfo> auth, String dataset, ProbeTrace probe, StepTimer steps,
                               Settings settings) {
        Optional<Problem> unavailable = unavailable(config, auth, settings);
        Map<String, Object> count = Map.of("calculations", List.of(Map.of("op", "COUNT")),
                "filters", List.of(Map.of("column", "trace.trace_id", "op", "=", "value", probe.traceId())),
                "time_range", 3600);
        long[] found = {0};
        HoneycombQuery[] running = {null};
        Polling.Attempt<IOException> look = () -> {
            if (unavailable.isPresent()) {
                steps.problem(unavailable.get());
                return Polling.Answer.STOP;
            }
            if (running[0] == null) {
                HoneycombApi api = new HoneycombApi(http, config.apiEndpoint(), config.queryKey().orElseThrow());
                running[0] = new HoneycombQuery(api, HoneycombLink.slug(dataset), count, false);
            }
            HoneycombQuery query = running[0];
            Polling.Answer step = query.advance();
            if (step == Polling.Answer.NOT_YET) {
                return step; // Honeycomb is still computing this query's result
            }
            running[0] = null;
            if (step == Polling.Answer.STOP) {
                HttpAnswer refusal = query.refusal().orElseThrow();
                if (refusal.status() == 404 && HoneycombApi.json(refusal).isPresent()) {
                    return Polling.Answer.NOT_YET; // the dataset appears with its first event
                }
                steps.problem(refused(refusal, config, settings));
                return Polling.Answer.STOP;
            }
            found[0] = firstCount(query.result());
            return found[0] >= probe.spanCount() ? Polling.Answer.FOUND : Polling.Answer.NOT_YET;
        };
        readBack.run(steps, deadline, look,
                ReadBack.failures(IOException.class, e -> CallAnswers.network(e, config.apiEndpoint(), deadline, settings)),
                () -> "found " + found[0] + " spans in dataset " + dataset,
                () -> Problem.of(ProblemCode.HONEYCOMB_NOT_FOUND, "the probe trace " + probe.traceId()
                        + " was not found in dataset " + dataset + " within " + readBack.timeout().toSeconds()
                        + " s (found " + found[0] + " of " + probe.spanCount() + " spans)", null));
    }

    /** Why the probe cannot be queried at all, before asking. */
    private static Optional<Problem> unavailable(HoneycombConfig config, Optional<AuthInfo> auth, Settings settings) {
        if (config.queryKey().isEmpty()) {
            return Optional.of(Problem.warn(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE,
                    "no Honeycomb key to query with: the probe went to a collector", queryKey(settings,
                            "; the collector keeps its own key")));
        }
        boolean sameKey = config.key().equals(config.queryKey());
        if (sameKey && auth.isPresent() && !auth.get().can("queries")) {
            return Optional.of(Problem.warn(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE, "the " + auth.get().type()
                            + " key cannot run queries (no \"Run Queries\" permission), so the probe cannot be read back; "
                            + "it was accepted",
                    queryKey(settings, "; the app's OTLP header keeps its Ingest key")));
        }
        return Optional.empty();
    }

    private static Problem refused(HttpAnswer answer, HoneycombConfig config, Settings settings) {
        Optional<Problem> foreign = Answers.notFromHoneycomb(answer, config.apiEndpoint(), config, settings);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return Problem.warn(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE, "Honeycomb refused the query ("
                            + answer.status() + " " + HoneycombApi.message(answer) + "); the probe was accepted but not read back",
                    queryKey(settings, "; a plan without the Query Data API refuses every key: then tracecheck honeycomb "
                            + "without --verify"));
        }
        return NetworkFailures.ofStatus(answer.status(), answer.header("Retry-After"), HoneycombApi.message(answer),
                config.apiEndpoint());
    }

    /**
     * Where tracecheck takes its query key from (HONEYCOMB_API_KEY, apart from the app's OTLP header): a
     * Configuration key with "Run Queries", which Honeycomb requires of the Query Data API. {@code also} ends the note.
     */
    private static String queryKey(Settings settings, String also) {
        return new Fixes(settings).prompt("HONEYCOMB_API_KEY") + "  # paste a Configuration key with \"Run Queries\": "
                + "Honeycomb > Environment settings > API Keys" + also;
    }

    private static long firstCount(Map<String, Object> body) {
        if (body.get("data") instanceof Map<?, ?> data && data.get("results") instanceof List<?> results && !results.isEmpty()
                && results.get(0) instanceof Map<?, ?> first && first.get("data") instanceof Map<?, ?> row
                && row.get("COUNT") instanceof Number count) {
            return count.longValue();
        }
        return 0;
    }
}
