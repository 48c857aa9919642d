package io.tracecheck.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The local backends' memory: a ring buffer of at most {@code capacity} items (the oldest is
 * evicted and counted), the counters the live view summarises, and the arrival listeners (live
 * view, JSONL). Everything any receiver accepts lands here, so UDP and API segments share one store.
 */
public final class Store {
    private final Stored[] ring;
    private final List<Consumer<Arrival>> listeners = new CopyOnWriteArrayList<>();
    private int next;
    private int size;
    private long received;
    private long malformed;
    private long refused;
    private long evicted;
    private long replayed;

    public Store(int capacity) {
        this.ring = new Stored[capacity];
    }

    public void onArrival(Consumer<Arrival> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Arrival> listener) {
        listeners.remove(listener);
    }

    /** Keeps the items and announces the arrivals. */
    public void accept(List<? extends Stored> items, List<Arrival> arrivals) {
        synchronized (this) {
            for (Stored item : items) {
                if (size == ring.length) {
                    evicted++;
                } else {
                    size++;
                }
                ring[next] = item;
                next = (next + 1) % ring.length;
            }
            received += items.size();
        }
        for (Arrival arrival : arrivals) {
            announce(arrival);
        }
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
            listener.accept(arrival);
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
