package io.tracecheck.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.RunReport;
import io.tracecheck.core.Settings;
import io.tracecheck.honeycomb.HoneycombTrace;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.report.JsonReport;
import io.tracecheck.trace.HoneycombEvents;
import io.tracecheck.trace.TraceId;
import io.tracecheck.trace.TraceJson;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;
import io.tracecheck.trace.Waterfall;
import io.tracecheck.xray.XrayTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "trace", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show one trace as a waterfall: the span tree with services, start offsets, durations, bars,",
                "errors, orphans (a parent that never arrived) and the key HTTP and database attributes."})
final class TraceCommand implements Callable<Integer> {
    /** Where to read the trace from. */
    enum Source { listen, honeycomb, xray }

    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE_ID", description = {"The trace id as pasted: 32 hex digits, an X-Ray id (1-5f84c7a2-…),",
            "an X-Amzn-Trace-Id header (Root=1-…) or a traceparent (00-…-…-01)."})
    String traceId;

    @Option(names = "--source", paramLabel = "SOURCE",
            description = {"Where to read it: ${COMPLETION-CANDIDATES}. Default: listen when an endpoint of the "
                    + "configuration is local (or none is set), else honeycomb with HONEYCOMB_API_KEY, else xray."})
    Source source;

    @Option(names = "--listen-url", paramLabel = "URL",
            description = "A running listen's HTTP port (default: the local endpoint of the configuration, else "
                    + "http://127.0.0.1:4318).")
    String listenUrl;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "Honeycomb: how far back the trace may be (default: ${DEFAULT-VALUE}; at most 7 days).")
    Duration since;

    @Option(names = "--max-spans", paramLabel = "N", defaultValue = "500",
            description = "Text: draw at most N spans, then count the rest (default: ${DEFAULT-VALUE}).")
    int maxSpans;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        TraceId id = TraceId.parse(traceId).orElseThrow(() -> new CliException(ExitCodes.USAGE, "'" + traceId
                + "' is not a trace id: give 32 hex digits, an X-Ray id (1-5f84c7a2-3a6d0e4b1c2d3e4f5a6b7c8d), "
                + "an X-Amzn-Trace-Id (Root=1-…) or a traceparent (00-<32 hex>-<16 hex>-01)"));
        if (maxSpans < 1) {
            throw new CliException(ExitCodes.USAGE, "--max-spans must be at least 1");
        }
        Source from = source != null ? source : defaultSource(run.settings());
        run.verbose("reading trace " + id + " from " + from + (source == null ? " (the default for this configuration)" : ""));
        Found found = switch (from) {
            case listen -> listen(run, id);
            case honeycomb -> honeycomb(run, id);
            case xray -> xray(run, id);
        };
        if (!found.problems().isEmpty()) {
            RunReport report = run.report(List.of(new CheckResult("trace", CheckResult.statusOf(found.problems()),
                    Duration.ZERO, "could not read trace " + id + " from " + from, List.of(), found.problems(), Map.of(),
                    List.of())));
            run.render(report);
            return ExitCodes.of(report, false);
        }
        if (found.tree().isEmpty()) {
            throw new CliException(ExitCodes.FAILED, "trace " + id + " was not found " + found.where() + ": " + found.hint());
        }
        print(run, found);
        return ExitCodes.OK;
    }

    /** A trace as read, where from (for the not-found message), what to try when it is empty, a note under the waterfall. */
    private record Found(TraceTree tree, List<Problem> problems, String where, String hint, String note) {
    }

    private void print(Invocation run, Found found) {
        PrintWriter out = run.out();
        if (run.json()) {
            out.println(JsonReport.write(TraceJson.of(found.tree())));
        } else {
            int width;
            if (root.context().tty()) {
                try (TerminalWidth terminal = TerminalWidth.of(true, run.terminalWidth())) {
                    width = terminal.getAsInt();
                }
            } else {
                width = run.settings().text(KnownVariable.COLUMNS).filter(c -> c.matches("\\d{2,4}"))
                        .map(Integer::parseInt).orElse(0);
            }
            Waterfall.full(run.style(), width, maxSpans).lines(found.tree()).forEach(out::println);
            if (!found.note().isEmpty()) {
                out.println(run.style().dim(found.note()));
            }
        }
        out.flush();
    }

    /**
     * The source a user expects without --source: listen when they pointed something at a local
     * address (or configured nothing, the case of a first try with {@code tracecheck listen}),
     * Honeycomb when they have its key, X-Ray when they configured AWS. See docs/decisions.md.
     */
    static Source defaultSource(Settings settings) {
        if (localEndpoint(settings).isPresent()) {
            return Source.listen;
        }
        if (settings.isSet(KnownVariable.HONEYCOMB_API_KEY)) {
            return Source.honeycomb;
        }
        for (KnownVariable aws : List.of(KnownVariable.AWS_XRAY_DAEMON_ADDRESS, KnownVariable.AWS_REGION,
                KnownVariable.AWS_DEFAULT_REGION, KnownVariable.AWS_PROFILE, KnownVariable.AWS_ACCESS_KEY_ID)) {
            if (settings.isSet(aws)) {
                return Source.xray;
            }
        }
        return Source.listen;
    }

    /** The first endpoint of the configuration on this machine, as listen's HTTP base URL. */
    private static Optional<URI> localEndpoint(Settings settings) {
        // listen serves the Honeycomb and AWS APIs on its HTTP port; an OTLP endpoint may be its gRPC port
        for (KnownVariable variable : List.of(KnownVariable.HONEYCOMB_API_ENDPOINT, KnownVariable.AWS_ENDPOINT_URL,
                KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, KnownVariable.OTEL_EXPORTER_OTLP_ENDPOINT)) {
            Optional<URI> local = settings.text(variable).flatMap(TraceCommand::uri).filter(TraceCommand::loopback);
            if (local.isPresent()) {
                URI uri = local.get();
                int port = uri.getPort() == ListenOptions.DEFAULT_GRPC_PORT ? ListenOptions.DEFAULT_HTTP_PORT : uri.getPort();
                return Optional.of(URI.create("http://" + uri.getRawAuthority().replaceAll(":\\d+$", "")
                        + (port > 0 ? ":" + port : ":" + ListenOptions.DEFAULT_HTTP_PORT)));
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> uri(String text) {
        try {
            URI uri = URI.create(text.strip());
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A name or address of this machine, never resolved through DNS. */
    private static boolean loopback(URI uri) {
        String host = uri.getHost().replaceAll("^\\[|]$", "").toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Found listen(Invocation run, TraceId id) {
        URI base = listenUrl != null ? uri(listenUrl).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "--listen-url '" + listenUrl + "' is not a URL: use e.g. http://127.0.0.1:4318"))
                : localEndpoint(run.settings()).orElse(URI.create("http://127.0.0.1:" + ListenOptions.DEFAULT_HTTP_PORT));
        String baseUrl = base.toString().replaceAll("/+$", "");
        String where = "in listen at " + baseUrl;
        // spans are kept under the OTLP id, segments under X-Ray's: ask for both
        Set<String> forms = new LinkedHashSet<>(List.of(traceId.strip().toLowerCase(Locale.ROOT).startsWith("1-")
                ? id.xray() : id.hex(), id.hex(), id.xray()));
        List<TraceSpan> spans = new ArrayList<>();
        try (HttpCalls http = new HttpCalls(root.context().clock(), root.global.timeout, run::verbose)) {
            for (String form : forms) {
                URI url = URI.create(baseUrl + "/tracecheck/traces/" + form + "?format=json");
                HttpAnswer answer = http.get(url, Map.of("Accept", "application/json"));
                if (answer.status() == 404) {
                    continue;
                }
                Map<String, Object> json = answer.status() == 200 ? json(answer) : null;
                if (json == null) {
                    throw new CliException(ExitCodes.FAILED, baseUrl + " answered " + answer.status()
                            + " and no trace: it is not tracecheck listen (point --listen-url at listen's --http-port)");
                }
                spans.addAll(spans(json));
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "no tracecheck listen answered at " + baseUrl + " (" + e.getMessage()
                    + "): start it with tracecheck listen, point --listen-url at its --http-port, or read the trace "
                    + "elsewhere with --source honeycomb or --source xray", e);
        }
        return new Found(TraceTree.of(id.hex(), spans), List.of(), where, "listen keeps only what arrived since it started, "
                + "the last --max-items items; send the request again, or look at the ids listen prints", "");
    }

    /** What listen serves: the trace tree (TraceJson), or, from a listen before it, the spans as Honeycomb events. */
    @SuppressWarnings("unchecked")
    private static List<TraceSpan> spans(Map<String, Object> json) {
        List<?> items = json.get("spans") instanceof List<?> l ? l : List.of();
        boolean events = !items.isEmpty() && items.get(0) instanceof Map<?, ?> first && first.containsKey("trace.span_id");
        if (!events) {
            TraceTree tree = TraceJson.read(json);
            return tree.rows().stream().map(TraceTree.Row::span).toList();
        }
        String traceId = String.valueOf(json.get("trace_id"));
        List<TraceSpan> spans = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> event) {
                Instant start = event.get("timestamp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : Instant.EPOCH;
                spans.add(HoneycombEvents.span(traceId, event, start, "listen"));
            }
        }
        return spans;
    }

    private static Map<String, Object> json(HttpAnswer answer) {
        try {
            return JSON.std.mapFrom(answer.text());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Found honeycomb(Invocation run, TraceId id) {
        HoneycombTrace.Lookup lookup = HoneycombTrace.find(run.checkContext(), id.hex(), since);
        if (lookup.interrupted()) {
            throw new CliException(ExitCodes.FAILED, "interrupted before Honeycomb answered: the trace was not read");
        }
        String note = lookup.spans().isEmpty() ? "" : "Start offsets from Honeycomb's query series: to the nearest "
                + lookup.resolution().toSeconds() + " s (the Query Data API returns no event times).";
        return new Found(TraceTree.of(id.hex(), lookup.spans()), lookup.problems(), "in Honeycomb (the last "
                + io.tracecheck.core.Durations.format(since) + ", every dataset of the key's environment)",
                "ingestion can take a few seconds, an older trace needs a larger --since, and a key of another environment "
                        + "sees none of it", note);
    }

    private Found xray(Invocation run, TraceId id) {
        XrayTrace.Lookup lookup = XrayTrace.find(run.checkContext(), id.xray());
        return new Found(TraceTree.of(id.xray(), lookup.spans()), lookup.problems(), "by BatchGetTraces in "
                + (lookup.region().isEmpty() ? "the region" : lookup.region()) + " (as " + id.xray() + ")",
                "X-Ray can take a minute to show a trace, keeps traces 30 days, and only those of this account and region "
                        + "(AWS_REGION)", "");
    }
}
