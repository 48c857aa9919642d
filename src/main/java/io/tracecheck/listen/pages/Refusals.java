package io.tracecheck.listen.pages;

import io.tracecheck.listen.Arrival;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The most recent arrivals the backends refused, for the index page: a store listener that keeps
 * at most {@code capacity} of them, so a flood of bad requests costs a bounded amount of memory and
 * the receivers only ever wait for one short lock.
 */
public final class Refusals implements Consumer<Arrival> {
    private final int capacity;
    private final Deque<Arrival> recent;

    public Refusals(int capacity) {
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    @Override
    public void accept(Arrival arrival) {
        if (!arrival.kind().refusal()) {
            return;
        }
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeLast();
            }
            recent.addFirst(arrival);
        }
    }

    /** The kept refusals, the newest first. */
    public List<Arrival> newestFirst() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
