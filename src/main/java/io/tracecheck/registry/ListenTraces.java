package io.tracecheck.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;
import io.tracecheck.network.CallAnswers;
import io.tracecheck.trace.TraceId;
import io.tracecheck.trace.TraceJson;
import io.tracecheck.trace.TraceLookup;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running {@code tracecheck listen}'s store, read over its HTTP port as its pages serve it
 * ({@code ?format=json}): a trace by id (spans are kept under the OTLP id, segments under X-Ray's,
 * so both are asked), and the recent traces of its index.
 */
final class ListenTraces implements TraceLookup {
    /** The traces around a request a propagation check reads whole, at most. */
    private static final int AROUND = 20;
    /** How long before the window a trace with a span in it may have started. */
    private static final java.time.Duration EARLIER = java.time.Duration.ofMinutes(1);

    private final String base;
    private final CheckContext context;

    ListenTraces(URI base, CheckContext context) {
        this.base = base.toString().replaceAll("/+$", "");
        this.context = context;
    }

    @Override
    public String name() {
        return "listen at " + base;
    }

    @Override
    public Optional<TraceTree> trace(String traceId, Deadline deadline) throws Failed {
        Optional<TraceId> id = TraceId.parse(traceId);
        Set<String> forms = new LinkedHashSet<>(List.of(traceId));
        id.ifPresent(i -> forms.addAll(List.of(i.hex(), i.xray())));
        List<TraceSpan> spans = new ArrayList<>();
        try (HttpCalls http = calls(deadline)) {
            for (String form : forms) {
                get(http, "/tracecheck/traces/" + form + "?format=json")
                        .ifPresent(json -> spans.addAll(TraceJson.read(json).rows().stream().map(TraceTree.Row::span).toList()));
            }
        }
        return spans.isEmpty() ? Optional.empty() : Optional.of(TraceTree.of(id.map(TraceId::hex).orElse(traceId), spans));
    }

    @Override
    public List<TraceTree> startedBetween(Instant from, Instant to, String path, Deadline deadline) throws Failed {
        List<TraceTree> trees = new ArrayList<>();
        try (HttpCalls http = calls(deadline)) {
            Optional<Map<String, Object>> index = get(http, "/?format=json");
            List<?> traces = index.map(i -> i.get("traces")).filter(List.class::isInstance).map(List.class::cast).orElse(List.of());
            for (Object item : traces) {
                if (trees.size() == AROUND) {
                    break;
                }
                // a trace that started before the window may still have a span in it; one that started after has none
                if (item instanceof Map<?, ?> trace && started(trace.get("start")).filter(s -> !s.isAfter(to)
                        && !s.isBefore(from.minus(EARLIER))).isPresent()) {
                    String traceId = String.valueOf(trace.get("trace_id"));
                    get(http, "/tracecheck/traces/" + traceId + "?format=json").map(TraceJson::read)
                            .filter(tree -> tree.rows().stream().anyMatch(r -> !r.span().start().isBefore(from)
                                    && !r.span().start().isAfter(to)))
                            .ifPresent(trees::add);
                }
            }
        }
        return trees;
    }

    @Override
    public Optional<String> link(String traceId) {
        return Optional.of(base + "/tracecheck/traces/" + traceId);
    }

    private HttpCalls calls(Deadline deadline) {
        return new HttpCalls(context.clock(), deadline::at, context::verbose);
    }

    /** The JSON at the path; empty for a 404 (not kept there). */
    private Optional<Map<String, Object>> get(HttpCalls http, String path) throws Failed {
        URI url = URI.create(base + path);
        HttpAnswer answer;
        try {
            answer = http.get(url, Map.of("Accept", "application/json"));
        } catch (IOException e) {
            Problem network = CallAnswers.network(e, url, context.deadline(), context.settings());
            throw new Failed(network);
        }
        if (answer.status() == 404 && path.startsWith("/tracecheck/traces/")) {
            return Optional.empty();
        }
        try {
            if (answer.status() == 200) {
                return Optional.of(JSON.std.mapFrom(answer.text()));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: not listen, said below
        }
        throw new Failed(Problem.of(ProblemCode.HTTP_UNEXPECTED, base + " answered " + answer.status() + " and no trace "
                + "to GET " + path + ": it is not tracecheck listen",
                "tracecheck listen  # start it here; or point --listen-url at its --http-port"));
    }

    private static Optional<Instant> started(Object value) {
        try {
            return Optional.of(Instant.parse(String.valueOf(value)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
