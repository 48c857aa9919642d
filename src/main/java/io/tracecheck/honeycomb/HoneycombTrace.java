package io.tracecheck.honeycomb;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Durations;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;
import io.tracecheck.network.CallAnswers;
import io.tracecheck.trace.HoneycombEvents;
import io.tracecheck.trace.TraceSpan;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck trace --source honeycomb}: one trace's spans through the Query Data API. The
 * API returns aggregates, not events, so the query breaks down by span id (and the columns a
 * waterfall shows) with MAX(duration_ms), and a span's start is the first time bucket of the
 * result's series that holds it. A bucket is at least a thousandth of the queried range, so when
 * the first query (over {@code since}) finds the trace, a second one over the few seconds around it
 * places the spans to the second.
 */
public final class HoneycombTrace {
    private static final List<String> SPAN_COLUMNS = List.of("trace.span_id", "trace.parent_id", "name", "service.name", "error");

    private HoneycombTrace() {
    }

    /** The spans found (none: not found), or the problems that prevented the lookup; {@code resolution} of the starts. */
    public record Lookup(List<TraceSpan> spans, Duration resolution, List<Problem> problems, boolean interrupted) {
        static Lookup failed(Problem problem) {
            return new Lookup(List.of(), Duration.ZERO, List.of(problem), false);
        }
    }

    /** Honeycomb as a source for {@code trace} and {@code propagation}. */
    public static io.tracecheck.trace.TraceLookup lookup(CheckContext context, Duration since) {
        return new HoneycombTraces(context, since);
    }

    public static Lookup find(CheckContext context, String traceId, Duration since) {
        HoneycombConfig config = HoneycombConfig.review(new ConfigReview(HoneycombCheck.NAME, context.settings()));
        Optional<Problem> noKey = HoneycombApi.noQueryKey(config, context.settings(), "reading a trace from Honeycomb");
        if (noKey.isPresent()) {
            return Lookup.failed(noKey.get());
        }
        Duration timeout = context.timeout();
        Instant deadline = context.clock().instant().plus(timeout);
        try (HttpCalls http = new HttpCalls(context.clock(), () -> deadline, context::verbose,
                CallAnswers.proxies(context.settings()))) {
            HoneycombApi api = new HoneycombApi(http, config.apiEndpoint(), config.queryKey().get());
            long seconds = Math.max(60, Math.min(since.toSeconds(), Duration.ofDays(7).toSeconds()));
            Map<String, Object> wide = query(traceId, (seconds + 999) / 1000);
            wide.put("time_range", seconds);
            Attempt first = run(traceId, context, api, wide, deadline, config);
            if (first.outcome != null || first.starts.isEmpty() || (seconds + 999) / 1000 <= 1) {
                return first.lookup(traceId, Duration.ofSeconds((seconds + 999) / 1000));
            }
            long from = first.earliest().getEpochSecond() - (seconds + 999) / 1000;
            long to = first.latest().getEpochSecond() + 2 * ((seconds + 999) / 1000) + 1;
            long granularity = Math.max(1, (to - from + 999) / 1000);
            Map<String, Object> narrow = query(traceId, granularity);
            narrow.put("start_time", from);
            narrow.put("end_time", to);
            Attempt second = run(traceId, context, api, narrow, deadline, config);
            // the narrow query can only sharpen the starts: whatever it misses keeps the wide query's
            return second.outcome != null || second.rows.size() < first.rows.size()
                    ? first.lookup(traceId, Duration.ofSeconds((seconds + 999) / 1000))
                    : second.lookup(traceId, Duration.ofSeconds(granularity));
        } catch (IOException e) {
            return Lookup.failed(CallAnswers.network(e, config.apiEndpoint(), timeout, context.settings()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup(List.of(), Duration.ZERO, List.of(), true);
        }
    }

    private static Map<String, Object> query(String traceId, long granularity) {
        List<String> breakdowns = new ArrayList<>(SPAN_COLUMNS);
        breakdowns.addAll(HoneycombEvents.ATTRIBUTES);
        Map<String, Object> query = new HashMap<>();
        query.put("breakdowns", breakdowns);
        query.put("calculations", List.of(Map.of("op", "MAX", "column", "duration_ms")));
        query.put("filters", List.of(Map.of("column", "trace.trace_id", "op", "=", "value", traceId)));
        query.put("limit", 10_000);
        query.put("granularity", granularity);
        return query;
    }

    /** One query's rows by span id and the first bucket each appears in; {@code outcome} set when it did not complete. */
    private record Attempt(Map<String, Map<String, Object>> rows, Map<String, Instant> starts, Lookup outcome) {
        Instant earliest() {
            return starts.values().stream().min(Instant::compareTo).orElseThrow();
        }

        Instant latest() {
            return starts.values().stream().max(Instant::compareTo).orElseThrow();
        }

        Lookup lookup(String traceId, Duration resolution) {
            if (outcome != null) {
                return outcome;
            }
            List<TraceSpan> spans = new ArrayList<>();
            rows.forEach((id, row) -> spans.add(HoneycombEvents.span(traceId, renamed(row),
                    starts.getOrDefault(id, earliestOrEpoch()), "honeycomb")));
            return new Lookup(spans, resolution, List.of(), false);
        }

        private Instant earliestOrEpoch() {
            return starts.isEmpty() ? Instant.EPOCH : earliest();
        }

        /** A result row's MAX(duration_ms) as the event's duration_ms. */
        private static Map<String, Object> renamed(Map<String, Object> row) {
            Map<String, Object> event = new LinkedHashMap<>(row);
            event.put("duration_ms", row.get("MAX(duration_ms)"));
            return event;
        }
    }

    @SuppressWarnings("unchecked")
    private static Attempt run(String traceId, CheckContext context, HoneycombApi api, Map<String, Object> spec, Instant deadline,
                               HoneycombConfig config) throws IOException, InterruptedException {
        HoneycombQuery query = new HoneycombQuery(api, "__all__", spec, true);
        Lookup failed = switch (query.run(context.clock(), deadline)) {
            case FOUND -> null;
            case STOP -> Lookup.failed(Answers.notFromHoneycomb(query.refusal().orElseThrow(), api.endpoint(), config,
                    context.settings()).orElseGet(() -> RecentTraces.refused(query.refusal().orElseThrow(), api)));
            case NOT_YET -> Lookup.failed(Problem.of(ProblemCode.NET_TIMEOUT, "Honeycomb had not finished the query of the "
                    + "trace within " + Durations.format(context.timeout()), "tracecheck trace " + traceId + " --source honeycomb --timeout "
                    + Durations.format(context.timeout().multipliedBy(2)) + "  # or a shorter --since"));
        };
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        Map<String, Instant> starts = new HashMap<>();
        if (failed == null) {
            Map<String, Object> data = query.result().get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            if (data.get("results") instanceof List<?> results) {
                for (Object entry : results) {
                    if (entry instanceof Map<?, ?> result && result.get("data") instanceof Map<?, ?> row
                            && row.get("trace.span_id") != null) {
                        rows.putIfAbsent(String.valueOf(row.get("trace.span_id")), (Map<String, Object>) row);
                    }
                }
            }
            if (data.get("series") instanceof List<?> series) {
                for (Object entry : series) {
                    if (entry instanceof Map<?, ?> point && point.get("data") instanceof Map<?, ?> row
                            && row.get("trace.span_id") != null) {
                        Optional<Instant> time = instant(point.get("time"));
                        time.ifPresent(t -> starts.merge(String.valueOf(row.get("trace.span_id")), t,
                                (a, b) -> a.isBefore(b) ? a : b));
                    }
                }
            }
        }
        return new Attempt(rows, starts, failed);
    }

    private static Optional<Instant> instant(Object value) {
        try {
            return Optional.of(Instant.parse(String.valueOf(value)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
