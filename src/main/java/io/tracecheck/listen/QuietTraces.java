package io.tracecheck.listen;

import io.tracecheck.terminal.Style;
import io.tracecheck.trace.TraceTree;
import io.tracecheck.trace.Waterfall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The live view's waterfalls: arrivals of spans and segments grouped by trace, and a trace drawn
 * once (the compact waterfall) when nothing of it has arrived for {@code quiet} on the injected
 * clock. At most {@code maxPending} traces are followed; beyond that the one quiet longest is given
 * up (counted, never drawn), so a flood of traces costs bounded memory. At most
 * {@link #MAX_PER_ROUND} are drawn at a time, so a burst of traces cannot bury the arrival lines;
 * the others are counted in one line. A trace that arrives again after it was drawn is drawn again
 * once it is quiet: what came late shows.
 */
public final class QuietTraces {
    public static final Duration QUIET = Duration.ofSeconds(2);
    public static final int MAX_PENDING = 1000;
    static final int MAX_PER_ROUND = 3;
    private static final int MAX_ROWS = 15;

    private final StoredTraces traces;
    private final Clock clock;
    private final Duration quiet;
    private final int maxPending;
    private final Style style;
    private final IntSupplier width;
    /** Trace id to the time its last span arrived, the quiet longest first. */
    private final LinkedHashMap<String, Instant> pending = new LinkedHashMap<>();
    private long givenUp;

    public QuietTraces(Store store, Clock clock, Duration quiet, int maxPending, Style style, IntSupplier width) {
        this.traces = new StoredTraces(store);
        this.clock = clock;
        this.quiet = quiet;
        this.maxPending = Math.max(1, maxPending);
        this.style = style;
        this.width = width;
    }

    /** Notes a trace's arrival; anything that is not spans or a segment of a trace is ignored. */
    public synchronized void arrived(Arrival arrival) {
        if ((arrival.kind() != Arrival.Kind.SPANS && arrival.kind() != Arrival.Kind.SEGMENT) || arrival.traceId().isEmpty()) {
            return;
        }
        pending.remove(arrival.traceId());
        pending.put(arrival.traceId(), clock.instant());
        if (pending.size() > maxPending) {
            Iterator<String> eldest = pending.keySet().iterator();
            eldest.next();
            eldest.remove();
            givenUp++;
        }
    }

    /** The lines to print now: the waterfalls of the traces quiet for long enough (none: an empty list). */
    public List<String> due() {
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        int skipped = 0;
        synchronized (this) {
            Iterator<Map.Entry<String, Instant>> entries = pending.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, Instant> entry = entries.next();
                if (Duration.between(entry.getValue(), now).compareTo(quiet) < 0) {
                    break; // in arrival order: every later one is younger
                }
                entries.remove();
                if (ids.size() < MAX_PER_ROUND) {
                    ids.add(entry.getKey());
                } else {
                    skipped++;
                }
            }
        }
        return draw(ids, skipped);
    }

    /** The lines for every trace still followed, quiet or not: what the view prints as listen stops. */
    public List<String> drain() {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(pending.keySet());
            pending.clear();
        }
        return draw(ids.size() > MAX_PER_ROUND ? ids.subList(ids.size() - MAX_PER_ROUND, ids.size()) : ids,
                Math.max(0, ids.size() - MAX_PER_ROUND));
    }

    /** Traces given up because more than {@code maxPending} were followed at once. */
    public synchronized long givenUp() {
        return givenUp;
    }

    private List<String> draw(List<String> ids, int skipped) {
        List<String> lines = new ArrayList<>();
        if (!ids.isEmpty()) {
            Map<String, TraceTree> trees = traces.trees(ids);
            Waterfall waterfall = Waterfall.compact(style, width.getAsInt(), MAX_ROWS);
            for (String id : ids) {
                TraceTree tree = trees.get(id);
                if (tree != null && !tree.isEmpty()) {
                    lines.addAll(waterfall.lines(tree));
                }
            }
        }
        if (skipped > 0) {
            lines.add(style.dim("(" + skipped + " more trace" + (skipped == 1 ? "" : "s") + " went quiet at once; "
                    + "tracecheck trace TRACE_ID draws one)"));
        }
        return lines;
    }
}
