package io.tracecheck.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The local backends' memory: a ring buffer of at most {@code capacity} items and at most the
 * {@link MemoryBudget}'s kept share in bytes (each item's size approximated by {@link Sizes}; the
 * oldest are evicted and counted), the counters the live view summarises, and the arrival
 * listeners (live view, JSONL). Everything any receiver accepts lands here, so UDP and API segments
 * share one store.
 */
public final class Store {
    private final Stored[] ring;
    private final long[] sizes;
    private final MemoryBudget budget;
    /** What the store's items may take: the kept share, less what log groups and queries set aside. */
    private final long byteCap;
    private long bytes;
    private final List<Consumer<Arrival>> listeners = new CopyOnWriteArrayList<>();
    private int next;
    private int size;
    private long received;
    private long malformed;
    private long refused;
    private long evicted;
    private long replayed;

    public Store(int capacity) {
        this(capacity, MemoryBudget.forHeap());
    }

    public Store(int capacity, MemoryBudget budget) {
        this.ring = new Stored[capacity];
        this.sizes = new long[capacity];
        this.budget = budget;
        this.byteCap = budget.keptCap() - Math.min(SIDE_TABLES, budget.keptCap() / 4);
    }

    /**
     * What is set aside from the kept share for the endpoints' own tables (log groups and streams,
     * Honeycomb queries; see their caps): this, or a quarter of the kept share if that is less.
     */
    public static final long SIDE_TABLES = 16L * 1024 * 1024;

    public MemoryBudget budget() {
        return budget;
    }

    private volatile Consumer<String> problems = problem -> { };

    /** Who hears of a receiver's unexpected failure (listen --verbose: stderr); each kind is reported once. */
    public void onProblem(Consumer<String> listener) {
        problems = listener;
    }

    /** A receiver failed unexpectedly on one request or datagram; it kept serving. */
    public void problem(String text) {
        try {
            problems.accept(text);
        } catch (RuntimeException ignored) {
            // reporting is best effort
        }
    }

    public void onArrival(Consumer<Arrival> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Arrival> listener) {
        listeners.remove(listener);
    }

    /** Keeps the items and announces the arrivals. */
    public void accept(List<? extends Stored> items, List<Arrival> arrivals) {
        long[] itemSizes = new long[items.size()];
        java.util.Set<Object> counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < itemSizes.length; i++) {
            Stored item = items.get(i);
            // the spans of one resource share its object: count it once
            boolean shared = item instanceof StoredSpan span && !counted.add(span.resource());
            itemSizes[i] = Sizes.of(item, shared);
        }
        synchronized (this) {
            for (int i = 0; i < itemSizes.length; i++) {
                long itemSize = itemSizes[i];
                if (itemSize > byteCap) {
                    evicted++; // larger than all the store may hold: never kept
                    continue;
                }
                while (size > 0 && (size == ring.length || bytes + itemSize > byteCap)) {
                    evictOldest();
                }
                ring[next] = items.get(i);
                sizes[next] = itemSize;
                bytes += itemSize;
                size++;
                next = (next + 1) % ring.length;
            }
            received += items.size();
        }
        for (Arrival arrival : arrivals) {
            announce(arrival);
        }
    }

    private void evictOldest() {
        int oldest = (next - size + ring.length) % ring.length;
        ring[oldest] = null;
        bytes -= sizes[oldest];
        sizes[oldest] = 0;
        size--;
        evicted++;
    }

    /** Approximate bytes the kept items take. */
    public synchronized long bytes() {
        return bytes;
    }

    /**
     * Keeps items loaded by {@code listen --replay}: evicting as {@link #accept} does, counted as
     * replayed rather than received, and announced to no listener (the live view says how many
     * once; a JSONL file must not record them again).
     */
    public void replay(List<? extends Stored> items) {
        synchronized (this) {
            // kept the one way items are kept, announcing nothing; then counted as replayed, atomically
            accept(items, List.of());
            received -= items.size();
            replayed += items.size();
        }
    }

    /** Items kept by {@link #replay} (some may be evicted since). */
    public synchronized long replayed() {
        return replayed;
    }

    /**
     * Announces what keeps nothing: a refusal (counted as malformed, or as refused for any other
     * reason) or an API request answered.
     */
    public void record(Arrival arrival) {
        if (arrival.kind().refusal()) {
            synchronized (this) {
                if (arrival.kind() == Arrival.Kind.MALFORMED) {
                    malformed++;
                } else {
                    refused++;
                }
            }
        }
        announce(arrival);
    }

    private void announce(Arrival arrival) {
        for (Consumer<Arrival> listener : listeners) {
            try {
                listener.accept(arrival);
            } catch (RuntimeException | OutOfMemoryError e) {
                // a view or a file that fails must not keep the data from the app, nor the others from the line
            }
        }
    }

    /** The kept items that match, oldest first. */
    public synchronized <T extends Stored> List<T> find(Class<T> type, Predicate<? super T> filter) {
        List<T> found = new ArrayList<>();
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            Stored item = ring[(start + i) % ring.length];
            if (type.isInstance(item) && filter.test(type.cast(item))) {
                found.add(type.cast(item));
            }
        }
        return found;
    }

    public List<StoredSpan> spans() {
        return find(StoredSpan.class, s -> true);
    }

    public List<StoredSpan> spansOfTrace(String traceId) {
        return find(StoredSpan.class, s -> s.traceId().equals(traceId));
    }

    public List<StoredSegment> segments() {
        return find(StoredSegment.class, s -> true);
    }

    public List<StoredSegment> segmentsOfTrace(String traceId) {
        return find(StoredSegment.class, s -> s.traceId().equals(traceId));
    }

    public synchronized Counts counts() {
        return new Counts(received, malformed, refused, evicted, size);
    }

    /**
     * Items received; requests, documents or datagrams refused as malformed, and refused for another
     * reason (unauthorized, not found, too large…); items evicted; items kept now.
     */
    public record Counts(long received, long malformed, long refused, long evicted, int kept) {
    }
}
