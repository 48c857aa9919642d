package io.tracecheck.listen;

import java.util.HashMap;
import java.util.Map;

/**
 * The one budget for every byte listen holds, derived from the heap the JVM was given: half of
 * {@code Runtime.maxMemory()} (the other half is the runtime itself, the server's buffers and the
 * short-lived objects of parsing). Of the budget, three eighths are for requests in flight — bodies
 * as they are read, decompressed bodies, datagrams — and the rest for what is kept: stored items,
 * log groups and streams, Honeycomb queries.
 * <p>
 * In flight, bytes are reserved as they are actually read, never by what a request declares. One
 * connection may hold at most three quarters of the in-flight share, and the last eighth is kept
 * for requests that hold little (under {@link #SMALL}): a few slow or large uploads cannot starve a
 * new client's small request.
 */
public final class MemoryBudget {
    /** The share of the heap the budget takes. */
    public static final double HEAP_FRACTION = 0.5;
    /** A request holding less than this may draw on the share kept for new clients. */
    static final long SMALL = 256 * 1024;

    private final long total;
    private final long inFlightCap;
    private final long perConnection;
    private final long reserve;
    private final long keptCap;
    private final Map<Object, Long> byConnection = new HashMap<>();
    private long inFlight;
    private long refusals;

    public MemoryBudget(long total) {
        this.total = Math.max(total, 4L * 1024 * 1024);
        this.inFlightCap = this.total * 3 / 8;
        this.perConnection = inFlightCap * 3 / 4;
        this.reserve = inFlightCap / 8;
        this.keptCap = this.total - inFlightCap;
    }

    /** The budget for this JVM's heap. */
    public static MemoryBudget forHeap() {
        return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * HEAP_FRACTION));
    }

    public long total() {
        return total;
    }

    public long inFlightCap() {
        return inFlightCap;
    }

    /** The bytes what is kept (stored items, log groups, queries) may take together. */
    public long keptCap() {
        return keptCap;
    }

    public synchronized long inFlight() {
        return inFlight;
    }

    /** Requests and datagrams turned away because the in-flight share was full. */
    public synchronized long refusals() {
        return refusals;
    }

    /** A new account for one request (or datagram) on {@code connection} (null: none). */
    public Account open(Object connection) {
        return new Account(connection);
    }

    private synchronized boolean reserve(Account account, long bytes) {
        if (account.closed) {
            return false;
        }
        long connectionHeld = account.connection == null ? account.held : byConnection.getOrDefault(account.connection, 0L);
        boolean fits = connectionHeld + bytes <= perConnection
                && (inFlight + bytes <= inFlightCap - reserve
                || account.held + bytes <= SMALL && inFlight + bytes <= inFlightCap);
        if (!fits) {
            refusals++;
            return false;
        }
        inFlight += bytes;
        account.held += bytes;
        if (account.connection != null) {
            byConnection.merge(account.connection, bytes, Long::sum);
        }
        return true;
    }

    private synchronized void release(Account account, long bytes) {
        long freed = Math.min(bytes, account.held);
        if (freed <= 0) {
            return;
        }
        inFlight -= freed;
        account.held -= freed;
        if (account.connection != null) {
            byConnection.computeIfPresent(account.connection, (k, held) -> held - freed <= 0 ? null : held - freed);
        }
        notifyAll();
    }

    private synchronized void close(Account account) {
        release(account, account.held);
        account.closed = true;
    }

    /** What one request holds of the in-flight share; closing it gives everything back, and refuses more. */
    public final class Account implements AutoCloseable {
        private final Object connection;
        private long held;
        private boolean closed;

        private Account(Object connection) {
            this.connection = connection;
        }

        /** Takes {@code bytes} if they fit; false (nothing taken) if not. */
        public boolean tryReserve(long bytes) {
            return reserve(this, bytes);
        }

        public void release(long bytes) {
            MemoryBudget.this.release(this, bytes);
        }

        @Override
        public void close() {
            MemoryBudget.this.close(this);
        }
    }

    /** The in-flight share was full: the request may be retried shortly. */
    public static final class Exhausted extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        public Exhausted() {
            super("listen is at its memory budget for requests in flight; retry shortly");
        }
    }
}
