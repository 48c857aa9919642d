package io.tracecheck.cli;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.RunReport;
import io.tracecheck.honeycomb.HoneycombTrace;
import io.tracecheck.registry.TraceSources;
import io.tracecheck.report.JsonReport;
import io.tracecheck.trace.TraceId;
import io.tracecheck.trace.TraceJson;
import io.tracecheck.trace.TraceLookup;
import io.tracecheck.trace.TraceTree;
import io.tracecheck.trace.Waterfall;
import io.tracecheck.xray.XrayTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "trace", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show one trace as a waterfall: the span tree with services, start offsets, durations, bars,",
                "errors, orphans (a parent that never arrived) and the key HTTP and database attributes."})
final class TraceCommand implements Callable<Integer> {
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
    TraceSources.Source source;

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
        Optional<URI> listen = Optional.ofNullable(listenUrl).map(url -> TraceSources.uri(url).orElseThrow(() ->
                new CliException(ExitCodes.USAGE, "--listen-url '" + url + "' is not a URL: use e.g. http://127.0.0.1:4318")));
        TraceSources.Source from = TraceSources.choose(Optional.ofNullable(source), listen, run.settings());
        run.verbose("reading trace " + id + " from " + from + (source == null ? " (the default for this configuration)" : ""));
        Found found = switch (from) {
            case listen -> listen(run, id, listen.orElseGet(() -> TraceSources.listenBase(run.settings())));
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

    private Found listen(Invocation run, TraceId id, URI base) {
        String baseUrl = base.toString().replaceAll("/+$", "");
        CheckContext context = run.checkContext();
        TraceLookup lookup = TraceSources.lookup(TraceSources.Source.listen, context, Optional.of(base), since);
        Optional<TraceTree> tree;
        try {
            tree = lookup.trace(id.hex(), context.deadline());
        } catch (TraceLookup.Failed failed) {
            Problem problem = failed.problem();
            throw new CliException(ExitCodes.FAILED, problem.code().id().startsWith("net.")
                    ? "no tracecheck listen answered at " + baseUrl + " (" + problem.message() + "): start it with tracecheck "
                    + "listen, point --listen-url at its --http-port, or read the trace elsewhere with --source honeycomb "
                    + "or --source xray"
                    : problem.message() + " (point --listen-url at listen's --http-port)", failed);
        }
        return new Found(tree.orElse(TraceTree.of(id.hex(), List.of())), List.of(), "in listen at " + baseUrl,
                "listen keeps only what arrived since it started, the last --max-items items; send the request again, "
                        + "or look at the ids listen prints", "");
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
