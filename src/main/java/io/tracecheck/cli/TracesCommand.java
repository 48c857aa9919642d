package io.tracecheck.cli;

import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Durations;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.RunReport;
import io.tracecheck.honeycomb.RecentTraces;
import io.tracecheck.report.JsonReport;
import io.tracecheck.xray.RecentXrayTraces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "traces", sortOptions = false, mixinStandardHelpOptions = true,
        description = "List recent traces from the backend, newest first, with links.")
final class TracesCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Where to list from. */
    enum TraceSource { honeycomb, xray }

    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "honeycomb",
            description = "Backend to list from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    TraceSource source;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "How far back (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N traces (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--service", paramLabel = "NAME", description = "Honeycomb: only this service (its dataset).")
    String service;

    @Option(names = "--group", paramLabel = "NAME", description = "X-Ray: use this group's filter expression.")
    String group;

    @Option(names = "--filter", paramLabel = "EXPR", description = "X-Ray: a filter expression, e.g. 'service(\"web\")'.")
    String filter;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        if (limit < 1) {
            throw new CliException(ExitCodes.USAGE, "--limit must be at least 1");
        }
        return source == TraceSource.xray ? xray(run) : honeycomb(run);
    }

    private int honeycomb(Invocation run) {
        RecentTraces.Listing listing = RecentTraces.list(run.checkContext(), since, limit, Optional.ofNullable(service));
        if (listing.interrupted()) {
            throw new CliException(ExitCodes.FAILED, "interrupted before Honeycomb answered: no traces were listed");
        }
        if (!listing.problems().isEmpty()) {
            return failed(run, listing.problems());
        }
        String header = String.format(Locale.ROOT, "%-20s  %-32s  %-24s  %-16s  %10s  %-5s  %s", "TIME", "TRACE ID", "ROOT",
                "SERVICE", "DURATION", "ERROR", "LINK");
        return print(run, listing.rows(), header, (service == null ? "" : " for " + service), row -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("time", row.time().toString());
            node.put("trace_id", row.traceId());
            node.put("root", row.root());
            node.put("service", row.service());
            node.put("duration_ms", row.durationMs());
            node.put("error", row.error());
            node.put("link", row.link());
            return node;
        }, row -> String.format(Locale.ROOT, "%-20s  %-32s  %-24s  %-16s  %8.1fms  %-5s  %s", TIME.format(row.time()),
                row.traceId(), row.root(), row.service(), row.durationMs(), row.error() ? "yes" : "-", row.link()));
    }

    private int xray(Invocation run) {
        RecentXrayTraces.Listing listing = RecentXrayTraces.list(run.checkContext(), since, limit,
                Optional.ofNullable(group).or(() -> run.settings().text(KnownVariable.TRACECHECK_XRAY_GROUP)), Optional.ofNullable(filter));
        if (!listing.problems().isEmpty()) {
            return failed(run, listing.problems());
        }
        String header = String.format(Locale.ROOT, "%-20s  %-35s  %9s  %9s  %-4s  %-5s  %-16s  %s", "TIME", "TRACE ID",
                "DURATION", "RESPONSE", "HTTP", "FLAGS", "ROOT SERVICE", "LINK");
        return print(run, listing.rows(), header, "", row -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("time", row.time().toString());
            node.put("trace_id", row.traceId());
            node.put("duration_s", row.durationSeconds());
            node.put("response_time_s", row.responseTimeSeconds());
            node.put("http_status", row.httpStatus());
            node.put("fault", row.fault());
            node.put("error", row.error());
            node.put("throttle", row.throttle());
            node.put("root_service", row.rootService());
            node.put("link", row.link());
            return node;
        }, row -> String.format(Locale.ROOT, "%-20s  %-35s  %8.3fs  %8.3fs  %-4s  %-5s  %-16s  %s", TIME.format(row.time()),
                row.traceId(), row.durationSeconds(), row.responseTimeSeconds(),
                row.httpStatus() == null ? "-" : row.httpStatus(),
                (row.fault() ? "F" : "-") + (row.error() ? "E" : "-") + (row.throttle() ? "T" : "-"), row.rootService(), row.link()));
    }

    /** The listing as JSON ({@code -o json}), or as a table under {@code header}, or a line saying it is empty. */
    private <R> int print(Invocation run, List<R> rows, String header, String scope, Function<R, Map<String, Object>> json,
                          Function<R, String> line) {
        PrintWriter out = run.out();
        if (run.json()) {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("tool", "tracecheck");
            tree.put("source", source.name());
            tree.put("traces", rows.stream().map(json).toList());
            out.println(JsonReport.write(tree));
        } else if (rows.isEmpty()) {
            out.println("No traces in the last " + Durations.format(since) + scope + ".");
        } else {
            out.println(header);
            rows.stream().map(line).forEach(out::println);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Why the listing could not be made, as a report with the problems. */
    private int failed(Invocation run, List<Problem> problems) {
        RunReport report = run.report(List.of(new CheckResult("traces", CheckResult.statusOf(problems), Duration.ZERO,
                "could not list traces from " + source, List.of(), problems, Map.of(), List.of())));
        run.render(report);
        return ExitCodes.of(report, false);
    }
}
