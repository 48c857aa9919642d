package io.tracecheck.listen;

import io.tracecheck.trace.OtlpSpans;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;
import io.tracecheck.trace.XraySegments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's spans and segments as trace trees, whichever receiver they came in by: what the
 * trace pages, {@code tracecheck trace --source listen} and the live view's waterfalls draw.
 */
public final class StoredTraces {
    private final Store store;

    public StoredTraces(Store store) {
        this.store = store;
    }

    /** The trace as kept now (empty when nothing of it is kept). */
    public TraceTree tree(String traceId) {
        List<TraceSpan> spans = new ArrayList<>();
        for (StoredSpan span : store.spansOfTrace(traceId)) {
            spans.add(span(span));
        }
        for (StoredSegment segment : store.segmentsOfTrace(traceId)) {
            spans.addAll(spans(segment));
        }
        return TraceTree.of(traceId, spans);
    }

    /**
     * The trees of several traces from one pass over the store (the live view asks for the traces
     * that went quiet together); a trace nothing of which is kept any more is left out.
     */
    public Map<String, TraceTree> trees(java.util.Collection<String> traceIds) {
        java.util.Set<String> wanted = java.util.Set.copyOf(traceIds);
        Map<String, List<TraceSpan>> byTrace = new LinkedHashMap<>();
        for (StoredSpan span : store.find(StoredSpan.class, s -> wanted.contains(s.traceId()))) {
            byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span(span));
        }
        for (StoredSegment segment : store.find(StoredSegment.class, s -> wanted.contains(s.traceId()))) {
            byTrace.computeIfAbsent(segment.traceId(), id -> new ArrayList<>()).addAll(spans(segment));
        }
        Map<String, TraceTree> trees = new LinkedHashMap<>();
        byTrace.forEach((id, spans) -> trees.put(id, TraceTree.of(id, spans)));
        return trees;
    }

    /** The kept traces, the most recently started first, at most {@code limit}. */
    public List<TraceTree> recent(int limit) {
        Map<String, List<TraceSpan>> byTrace = new LinkedHashMap<>();
        for (StoredSpan span : store.spans()) {
            byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span(span));
        }
        for (StoredSegment segment : store.segments()) {
            byTrace.computeIfAbsent(segment.traceId(), id -> new ArrayList<>()).addAll(spans(segment));
        }
        return byTrace.entrySet().stream().map(e -> TraceTree.of(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(TraceTree::start).reversed()).limit(limit).toList();
    }

    static TraceSpan span(StoredSpan span) {
        return OtlpSpans.of(span.resource(), span.span(), span.source().id());
    }

    static List<TraceSpan> spans(StoredSegment segment) {
        return XraySegments.of(segment.fields(), segment.source().id());
    }
}
