package io.tracecheck.propagation;

import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Resolution;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;
import io.tracecheck.network.CallAnswers;
import io.tracecheck.trace.TraceLookup;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code tracecheck propagation URL}: does one request from the browser make one trace with the
 * backend? As the browser would: a CORS preflight that asks for {@code traceparent} and
 * {@code tracestate} from the frontend's origin, then the request carrying a fresh sampled trace
 * context, then the backend's span looked up in the chosen source: joined to the span sent, in a
 * trace of its own, or nowhere.
 */
public final class PropagationCheck implements Check {
    public static final String NAME = "propagation";
    static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");

    private final Options options;

    /** The request to make and where to look for its trace. */
    public record Options(Optional<String> origin, String method, Optional<String> data, ReadBack readBack,
                          Function<CheckContext, TraceLookup> lookup) {
        public Options {
            method = method.toUpperCase(Locale.ROOT);
        }
    }

    public PropagationCheck(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReadBack readBack() {
        return options.readBack();
    }

    @Override
    public CheckResult run(CheckContext context) {
        StepTimer steps = context.steps(NAME);
        Map<String, String> artifacts = new LinkedHashMap<>();
        Settings settings = context.settings();
        Optional<Resolution<Optional<URI>>> resolved = Resolution.begin(NAME, settings, steps, PropagationConfig::review,
                Optional::isPresent, PropagationConfig::notConfigured);
        if (resolved.isEmpty() || resolved.get().hasFailure()) {
            return steps.result(NAME, artifacts);
        }
        URI url = resolved.get().config().orElseThrow();
        steps.end(Origins.shown(url));
        TraceLookup lookup = options.lookup().apply(context);
        String origin = options.origin().orElseGet(() -> Origins.frontend(settings, url));
        AppFiles files = AppFiles.in(settings.text(KnownVariable.PWD).map(Path::of));
        Fixes fixes = new Fixes(settings);
        Deadline deadline = context.deadline();
        try (HttpCalls http = new HttpCalls(context.clock(), deadline::at, context::verbose, CallAnswers.proxies(settings))) {
            steps.begin("preflight");
            if (Origins.of(url).equalsIgnoreCase(origin)) {
                steps.skip("preflight", "the origin " + origin + " is the URL's own: the browser asks no CORS question");
            } else if (!preflight(http, url, origin, files, fixes, deadline, settings, steps)) {
                return steps.result(NAME, artifacts);
            }
            // a blocked preflight is the headline; the request still shows whether the backend would join

            steps.begin("request");
            TraceContext sent = TraceContext.fresh(context.clock().instant());
            artifacts.put("trace_id", sent.traceId());
            artifacts.put("span_id", sent.spanId());
            Instant start = context.clock().instant();
            HttpAnswer answer;
            try {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Origin", origin);
                headers.put("traceparent", sent.traceparent());
                headers.put("X-Amzn-Trace-Id", sent.xrayHeader());
                byte[] body = options.data().map(d -> d.getBytes(StandardCharsets.UTF_8)).orElse(null);
                answer = http.send(options.method(), url, headers, body == null ? null : contentType(options.data().get()), body);
            } catch (IOException e) {
                steps.problem(CallAnswers.network(e, Origins.bare(url), deadline, settings));
                steps.end("no answer");
                return steps.result(NAME, artifacts);
            }
            Duration took = Duration.between(start, context.clock().instant());
            artifacts.put("status", Integer.toString(answer.status()));
            steps.end(options.method() + " " + Origins.shown(url) + " → " + answer.status() + " in " + took.toMillis() + "ms, traceparent "
                    + sent.traceparent());
            if (!options.readBack().enabled()) {
                steps.skip("joined", "not asked (--no-verify)");
                return steps.result(NAME, "sent trace " + sent.traceId() + " (" + answer.status() + ")", artifacts);
            }
            Joined.Verdict verdict = Joined.look(lookup, sent, url, answer.status(), start, context.clock().instant(),
                    options.readBack(), context, steps, fixes);
            verdict.link().ifPresent(link -> artifacts.put("link", link));
            return steps.result(NAME, verdict.summary(), artifacts);
        }
    }

    /**
     * Records whether the browser would send the request with its trace headers (the problems when
     * not); false only when the backend did not answer at all.
     */
    private static boolean preflight(HttpCalls http, URI url, String origin, AppFiles files, Fixes fixes,
                                     Deadline deadline, Settings settings, StepTimer steps) {
        HttpAnswer answer;
        try {
            answer = http.send("OPTIONS", url, Map.of("Origin", origin, "Access-Control-Request-Method", "GET",
                    "Access-Control-Request-Headers", String.join(",", TRACE_HEADERS)), null, null);
        } catch (IOException e) {
            steps.problem(CallAnswers.network(e, Origins.bare(url), deadline, settings));
            steps.end("no answer");
            return false;
        }
        Optional<Problem> privatePort = GitpodPorts.privatePort(answer, url);
        if (privatePort.isPresent()) {
            steps.problem(privatePort.get());
            steps.end("answered by Gitpod's login, not the backend");
            return true;
        }
        Cors cors = Cors.of(answer);
        List<String> missing = cors.missingHeaders(TRACE_HEADERS);
        String corsFix = CorsFixes.backend(files, origin, fixes);
        if (!cors.okStatus()) {
            steps.problem(Problem.of(ProblemCode.PROPAGATION_CORS, "the preflight (OPTIONS " + url.getRawPath() + ") got "
                    + answer.status() + ": browsers need a 2xx answer to it, so the request is never sent"
                    + (cors.answered() ? "" : " (no CORS headers either: flask-cors does not handle this route)"), corsFix)
                    .headed("the preflight got " + answer.status()));
        } else if (!cors.answered()) {
            steps.problem(Problem.of(ProblemCode.PROPAGATION_CORS, "the preflight answer has no Access-Control-Allow-Origin: "
                    + "the backend does not answer CORS (flask-cors not installed or not applied to this route), so the "
                    + "browser blocks the request from " + origin, corsFix).headed("no CORS answer to the preflight"));
        } else if (!cors.allowsOrigin(origin)) {
            steps.problem(Problem.of(ProblemCode.PROPAGATION_CORS, "the preflight allows the origin "
                    + cors.allowOrigin().get() + ", not " + origin + ": the browser blocks the request", corsFix)
                    .headed("CORS allows another origin than " + origin));
        } else if (!missing.isEmpty()) {
            steps.problem(Problem.of(ProblemCode.PROPAGATION_CORS, "the preflight does not allow the header"
                    + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing)
                    + " (Access-Control-Allow-Headers: " + (cors.allowHeaders().isEmpty() ? "none" : String.join(", ", cors.allowHeaders()))
                    + "): the browser drops the request, or the instrumentation stops sending trace context", corsFix)
                    .headed("CORS does not allow " + String.join(" and ", missing)));
        }
        CorsFixes.frontendProblem(files, url).ifPresent(steps::problem);
        boolean ok = steps.problems().stream().noneMatch(p -> p.code() == ProblemCode.PROPAGATION_CORS);
        steps.end(ok ? "origin " + origin + " may send " + String.join(" and ", TRACE_HEADERS) : "the browser would block it");
        return true;
    }

    private static String contentType(String data) {
        String trimmed = data.stripLeading();
        return trimmed.startsWith("{") || trimmed.startsWith("[") ? "application/json" : "application/x-www-form-urlencoded";
    }
}
