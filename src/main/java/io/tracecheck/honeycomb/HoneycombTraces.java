package io.tracecheck.honeycomb;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.trace.TraceLookup;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Honeycomb as a place traces are read from: {@link HoneycombTrace} for one, {@link RecentTraces} for the root spans of a window. */
final class HoneycombTraces implements TraceLookup {
    private final CheckContext context;
    private final Duration since;

    HoneycombTraces(CheckContext context, Duration since) {
        this.context = context;
        this.since = since;
    }

    @Override
    public String name() {
        return "Honeycomb";
    }

    @Override
    public Optional<TraceTree> trace(String traceId, Deadline deadline) throws Failed {
        HoneycombTrace.Lookup lookup = HoneycombTrace.find(context.within(deadline), traceId, since);
        if (!lookup.problems().isEmpty()) {
            throw new Failed(lookup.problems().get(0));
        }
        return lookup.spans().isEmpty() ? Optional.empty() : Optional.of(TraceTree.of(traceId, lookup.spans()));
    }

    /** Each trace as its root span (what the listing tells): name, service, start, duration, error. */
    @Override
    public List<TraceTree> startedBetween(Instant from, Instant to, String path, Deadline deadline) throws Failed {
        Duration window = Duration.between(from, context.clock().instant()).plusSeconds(1);
        RecentTraces.Listing listing = RecentTraces.list(context.within(deadline), window, 100, Optional.empty());
        if (!listing.problems().isEmpty()) {
            throw new Failed(listing.problems().get(0));
        }
        List<TraceTree> trees = new ArrayList<>();
        for (RecentTraces.Row row : listing.rows()) {
            if (!row.time().isBefore(from.minusSeconds(1)) && !row.time().isAfter(to)) {
                trees.add(TraceTree.of(row.traceId(), List.of(new TraceSpan(row.traceId(), "root", "", row.service(), row.root(),
                        row.time(), row.time().plusNanos((long) (row.durationMs() * 1_000_000)), row.error(), Map.of(), "honeycomb"))));
            }
        }
        return trees;
    }

    @Override
    public Optional<String> link(String traceId) {
        return Optional.empty();
    }
}
