package io.tracecheck.propagation;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceLookup;
import io.tracecheck.trace.TraceTree;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The "joined" step: is the backend's span for the request a child of the span tracecheck sent? If
 * the trace never arrives, the traces that started around the request tell a backend that started
 * its own trace (it does not extract context) from one that sent nothing.
 */
final class Joined {
    /**
     * How far beyond the request's own time (sent to answered) a backend's span may start: the clocks
     * of the app and of this shell may differ a little, and a span of an earlier request must not count.
     */
    private static final Duration SKEW = Duration.ofMillis(250);

    record Verdict(String summary, Optional<String> link) {
    }

    private Joined() {
    }

    static Verdict look(TraceLookup lookup, TraceContext sent, URI url, int status, Instant sentAt, Instant answeredAt,
                        ReadBack readBack,
                        CheckContext context, StepTimer steps, Fixes fixes) {
        Deadline deadline = readBack.start(context.deadline());
        AtomicReference<TraceTree> found = new AtomicReference<>();
        Polling.Answer answer = readBack.run(steps, "joined", deadline, () -> {
            Optional<TraceTree> tree = lookup.trace(sent.traceId(), deadline);
            if (tree.isEmpty() || tree.get().isEmpty()) {
                tree = lookup.trace(sent.xrayTraceId(), deadline);
            }
            tree.filter(t -> !t.isEmpty()).ifPresent(found::set);
            return found.get() == null ? Polling.Answer.NOT_YET : Polling.Answer.FOUND;
        }, ReadBack.failures(TraceLookup.Failed.class, TraceLookup.Failed::problem),
                () -> joinedDetail(found.get(), sent),
                () -> notFound(lookup, sent, url, status, sentAt, answeredAt, deadline, context.settings(), fixes));
        if (answer != Polling.Answer.FOUND) {
            return new Verdict("", Optional.empty());
        }
        Optional<String> link = lookup.link(found.get().traceId());
        return new Verdict("one trace: " + joinedDetail(found.get(), sent), link);
    }

    private static String joinedDetail(TraceTree tree, TraceContext sent) {
        Optional<TraceSpan> child = tree.rows().stream().map(TraceTree.Row::span)
                .filter(s -> s.parentId().equals(sent.spanId())).findFirst();
        return child.map(s -> "the backend's span '" + s.name() + "' (" + s.service() + ") is a child of the span sent, in trace "
                        + tree.traceId())
                .orElse("trace " + tree.traceId() + " arrived (" + tree.spanCount() + " spans), none a direct child of the span sent");
    }

    private static Problem notFound(TraceLookup lookup, TraceContext sent, URI url, int status, Instant sentAt,
                                    Instant answeredAt, Deadline deadline, Settings settings, Fixes fixes) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        Optional<TraceTree> own = Optional.empty();
        String lookedAround = "";
        try {
            Instant from = sentAt.minus(SKEW);
            Instant to = answeredAt.plus(SKEW);
            own = lookup.startedBetween(from, to, path, deadline).stream()
                    .filter(t -> !t.traceId().equals(sent.traceId()) && !t.traceId().equals(sent.xrayTraceId()))
                    .filter(t -> t.rows().stream().anyMatch(r -> servesPath(r.span(), path)))
                    .findFirst();
        } catch (TraceLookup.Failed e) {
            lookedAround = " (the traces around it could not be listed: " + e.problem().message() + ")";
        }
        if (own.isPresent()) {
            TraceTree tree = own.get();
            TraceSpan root = tree.rootSpan();
            return Problem.of(ProblemCode.PROPAGATION_NOT_JOINED, "the backend started its own trace " + tree.traceId()
                    + " for " + path + " (root '" + root.name() + "', " + root.service() + ") instead of joining trace "
                    + sent.traceId() + ": " + extractCause(settings), propagatorsFix(settings, fixes))
                    .headed("the backend started its own trace " + tree.traceId());
        }
        return Problem.of(ProblemCode.PROPAGATION_NOTHING_ARRIVED, "no span of trace " + sent.traceId() + " reached "
                + lookup.name() + " within " + deadline.option() + ", nor any trace for " + path + lookedAround + ": "
                + (status == 404 ? "the backend answered 404, so no route handled the request; "
                : status >= 300 && status < 400 ? "the backend answered " + status + " (a redirect: follow it with the right URL); " : "")
                + "the backend is not instrumented, does not export to " + lookup.name()
                + ", or its sampler dropped the request (tracecheck sent it sampled, so only a sampler that ignores the parent does)",
                "tracecheck doctor  # checks the export path the backend's environment sets up")
                .headed("no span of the request reached " + lookup.name());
    }

    /** Whether a span is the backend's server span for the path (OTel's old and new HTTP names, X-Ray's URL). */
    private static boolean servesPath(TraceSpan span, String path) {
        for (String key : List.of("http.target", "url.path", "http.route", "http.url", "url.full")) {
            String value = span.attributes().get(key);
            if (value != null) {
                String bare = value.replaceFirst("^[a-z]+://[^/]+", "").replaceFirst("[?#].*$", "");
                if (bare.equals(path) || key.equals("http.route") && routeMatches(value, path)) {
                    return true;
                }
            }
        }
        // Flask's instrumentation names the server span "GET /route" (older versions: "/route")
        return span.name().equals(path) || span.name().endsWith(" " + path);
    }

    /** {@code /api/items/<id>} or {@code /api/items/{id}} against {@code /api/items/7}. */
    private static boolean routeMatches(String route, String path) {
        String[] r = route.split("/", -1);
        String[] p = path.split("/", -1);
        if (r.length != p.length) {
            return false;
        }
        for (int i = 0; i < r.length; i++) {
            boolean variable = r[i].startsWith("<") || r[i].startsWith("{") || r[i].startsWith(":");
            if (!variable && !r[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static List<String> propagators(Settings settings) {
        return settings.text(KnownVariable.OTEL_PROPAGATORS)
                .map(v -> Arrays.stream(v.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static String extractCause(Settings settings) {
        List<String> propagators = propagators(settings);
        if (!propagators.isEmpty() && !propagators.contains("tracecontext")) {
            return "OTEL_PROPAGATORS is '" + String.join(",", propagators) + "', without tracecontext, so the incoming "
                    + "traceparent is ignored";
        }
        return "it does not extract the incoming traceparent: the instrumentation is not wrapped around the app that "
                + "served the request (FlaskInstrumentor().instrument_app(app) after the app is created and before it "
                + "serves; under gunicorn, in post_fork), or the propagator in the app's code is X-Ray's alone";
    }

    private static String propagatorsFix(Settings settings, Fixes fixes) {
        List<String> propagators = propagators(settings);
        String value = "tracecontext,baggage" + (propagators.contains("xray") ? ",xray" : "");
        return fixes.set(KnownVariable.OTEL_PROPAGATORS.name(), value) + "  # in the backend's environment; then restart it";
    }
}
