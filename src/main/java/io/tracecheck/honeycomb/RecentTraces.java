package io.tracecheck.honeycomb;

import io.tracecheck.network.CallAnswers;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Durations;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck traces --source honeycomb}: recent root spans through the Query Data API, one
 * row per trace (breakdown by trace id, name and service; MAX(duration_ms)), newest first by the
 * latest time bucket of the query's series.
 */
public final class RecentTraces {
    private RecentTraces() {
    }

    /** A trace as the listing shows it. */
    public record Row(Instant time, String traceId, String root, String service, double durationMs, boolean error,
                      String link) {
    }

    /**
     * The rows, or the problems that prevented the listing; {@code interrupted} when the listing was
     * cut short before Honeycomb answered, which is neither "no traces" nor a problem of the backend.
     */
    public record Listing(List<Row> rows, List<Problem> problems, boolean interrupted) {
        static Listing of(List<Row> rows) {
            return new Listing(rows, List.of(), false);
        }

        static Listing failed(Problem problem) {
            return new Listing(List.of(), List.of(problem), false);
        }
    }

    /** Root spans of the last {@code since}; every request, and the wait for the query's result, within --timeout. */
    public static Listing list(CheckContext context, Duration since, int limit, Optional<String> service) {
        ConfigReview review = new ConfigReview(HoneycombCheck.NAME, context.settings());
        HoneycombConfig config = HoneycombConfig.review(review);
        Optional<Problem> noKey = HoneycombApi.noQueryKey(config, context.settings(), "listing traces");
        if (noKey.isPresent()) {
            return Listing.failed(noKey.get());
        }
        Duration timeout = context.timeout();
        Instant deadline = context.clock().instant().plus(timeout);
        try (HttpCalls http = new HttpCalls(context.clock(), () -> deadline, context::verbose,
                CallAnswers.proxies(context.settings()))) {
            HoneycombApi api = new HoneycombApi(http, config.apiEndpoint(), config.queryKey().get());
            HttpAnswer authAnswer = api.auth();
            Optional<Problem> notHoneycombs = Answers.notFromHoneycomb(authAnswer, api.resolve("/1/auth"), config,
                    context.settings());
            if (notHoneycombs.isPresent()) {
                return Listing.failed(notHoneycombs.get());
            }
            AuthInfo auth = authAnswer.status() == 200 ? AuthInfo.parse(HoneycombApi.json(authAnswer).orElse(Map.of())) : null;
            String dataset = service.map(HoneycombLink::slug).orElse("__all__");
            List<Map<String, Object>> filters = new ArrayList<>(List.of(Map.of("column", "trace.parent_id", "op", "does-not-exist")));
            service.ifPresent(s -> filters.add(Map.of("column", "service.name", "op", "=", "value", s)));
            long seconds = Math.max(60, since.toSeconds());
            Map<String, Object> query = new HashMap<>();
            query.put("breakdowns", List.of("trace.trace_id", "name", "service.name", "error"));
            query.put("calculations", List.of(Map.of("op", "MAX", "column", "duration_ms"), Map.of("op", "COUNT")));
            query.put("filters", filters);
            query.put("orders", List.of(Map.of("op", "MAX", "column", "duration_ms", "order", "descending")));
            query.put("limit", Math.max(limit * 5, 100));
            query.put("time_range", seconds);
            query.put("granularity", Math.max(1, seconds / 60));
            HoneycombQuery recent = new HoneycombQuery(api, dataset, query, true);
            return switch (recent.run(context.clock(), deadline)) {
                case FOUND -> Listing.of(rows(recent.result(), config, auth, limit));
                case STOP -> Listing.failed(Answers.notFromHoneycomb(recent.refusal().orElseThrow(), api.endpoint(), config,
                        context.settings()).orElseGet(() -> refused(recent.refusal().orElseThrow(), api)));
                case NOT_YET -> Listing.failed(Problem.of(ProblemCode.NET_TIMEOUT, "Honeycomb had not finished the "
                                + "query of recent traces within " + Durations.format(timeout),
                        "tracecheck traces --timeout " + Durations.format(timeout.multipliedBy(2)) + "  # or a shorter --since"));
            };
        } catch (IOException e) {
            return Listing.failed(CallAnswers.network(e, config.apiEndpoint(), timeout, context.settings()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Listing(List.of(), List.of(), true);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Row> rows(Map<String, Object> body, HoneycombConfig config, AuthInfo auth, int limit) {
        Map<String, Object> data = body.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        Map<String, Instant> latest = new HashMap<>();
        if (data.get("series") instanceof List<?> series) {
            for (Object entry : series) {
                Map<String, Object> point = (Map<String, Object>) entry;
                Map<String, Object> values = (Map<String, Object>) point.getOrDefault("data", Map.of());
                Instant time = Instant.parse(String.valueOf(point.get("time")));
                latest.merge(String.valueOf(values.get("trace.trace_id")), time, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<Row> rows = new ArrayList<>();
        if (data.get("results") instanceof List<?> results) {
            for (Object entry : results) {
                Map<String, Object> values = (Map<String, Object>) ((Map<String, Object>) entry).getOrDefault("data", Map.of());
                String traceId = String.valueOf(values.get("trace.trace_id"));
                String service = String.valueOf(values.get("service.name"));
                double duration = values.get("MAX(duration_ms)") instanceof Number n ? n.doubleValue() : 0;
                Instant time = latest.getOrDefault(traceId, Instant.EPOCH);
                String link = auth == null ? "" : HoneycombLink.trace(config.apiEndpoint(), auth.teamSlug(),
                        auth.environmentSlug(), service, traceId, time, time.plusSeconds(3600));
                rows.add(new Row(time, traceId, String.valueOf(values.get("name")), service, duration,
                        Boolean.TRUE.equals(values.get("error")), link));
            }
        }
        rows.sort(Comparator.comparing(Row::time).reversed());
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    static Problem refused(HttpAnswer answer, HoneycombApi api) {
        if (answer.status() == 401 || answer.status() == 403) {
            // listing is all this command does: not being able to query is a failure here, not a warning
            return new Problem(ProblemCode.HONEYCOMB_QUERIES_UNAVAILABLE, io.tracecheck.core.Severity.FAIL,
                    "Honeycomb refused the query (" + answer.status() + " "
                            + HoneycombApi.message(answer) + "): the key cannot run queries",
                    "Use a Configuration key with \"Run Queries\" (Environment settings > API Keys); "
                            + "the Query Data API also needs a plan that includes it.");
        }
        return NetworkFailures.ofStatus(answer.status(), answer.header("Retry-After"), HoneycombApi.message(answer),
                api.endpoint());
    }
}
