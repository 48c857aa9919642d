package io.tracecheck.xray;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.trace.TraceId;
import io.tracecheck.trace.TraceLookup;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * X-Ray as a place traces are read from: {@code BatchGetTraces} for one, {@code GetTraceSummaries}
 * filtered on the request's URL for the traces of a window.
 */
final class XrayTraces implements TraceLookup {
    private final CheckContext context;

    XrayTraces(CheckContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "X-Ray";
    }

    @Override
    public Optional<TraceTree> trace(String traceId, Deadline deadline) throws Failed {
        String xrayId = TraceId.parse(traceId).map(TraceId::xray).orElse(traceId);
        XrayTrace.Lookup lookup = XrayTrace.find(context.within(deadline), xrayId);
        if (!lookup.problems().isEmpty()) {
            throw new Failed(lookup.problems().get(0));
        }
        return lookup.spans().isEmpty() ? Optional.empty() : Optional.of(TraceTree.of(xrayId, lookup.spans()));
    }

    /** Each trace whose URL contains the path, as its root segment (what a summary tells). */
    @Override
    public List<TraceTree> startedBetween(Instant from, Instant to, String path, Deadline deadline) throws Failed {
        Duration window = Duration.between(from, context.clock().instant()).plusSeconds(1);
        String filter = "http.url CONTAINS \"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        RecentXrayTraces.Listing listing = RecentXrayTraces.list(context.within(deadline), window, 20, Optional.empty(),
                Optional.of(filter));
        if (!listing.problems().isEmpty()) {
            throw new Failed(listing.problems().get(0));
        }
        List<TraceTree> trees = new ArrayList<>();
        for (RecentXrayTraces.Row row : listing.rows()) {
            Instant end = row.time().plusNanos((long) (row.durationSeconds() * 1e9));
            trees.add(TraceTree.of(row.traceId(), List.of(new TraceSpan(row.traceId(), "root", "", row.rootService(),
                    row.rootService(), row.time(), end, row.fault() || row.error(), Map.of("http.url", path), "xray"))));
        }
        return trees;
    }

    @Override
    public Optional<String> link(String traceId) {
        return Optional.empty();
    }
}
