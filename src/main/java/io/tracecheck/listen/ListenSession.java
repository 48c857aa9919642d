package io.tracecheck.listen;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of {@code tracecheck listen}. It owns the store, the live view, the JSON lines (file, stdout), the
 * backends and the stop signal, and {@link #close()} ends them once, in one order, however the run
 * ends (--for ran out, Ctrl-C or SIGTERM, the command's thread interrupted, a port in use):
 * the backends stop accepting and release their ports, the view and the file take what is still
 * queued, the file is closed, and, if the backends served at all, the summary is printed.
 */
public final class ListenSession implements AutoCloseable {
    /** Why {@link #await} returned. */
    public enum Stop { EXPIRED, SIGNAL, INTERRUPTED }

    private final Store store;
    private final LiveView view;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "tracecheck-listen-stop");
    private final List<JsonlSink> sinks = new ArrayList<>();
    private LocalBackends backends;
    private boolean closed;

    /** Takes the view (already listening to {@code store}'s arrivals) and installs the Ctrl-C / SIGTERM hook. */
    public ListenSession(Store store, LiveView view) {
        this.store = store;
        this.view = view;
        store.onArrival(view);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Also writes every arrival to {@code file}; {@code problems} hears once why lines stop reaching
     * it. Call before {@link #start}, so no early arrival is missing from the file.
     */
    public synchronized void recordTo(Path file, Consumer<String> problems) throws IOException {
        add(new JsonlSink(file, problems));
    }

    /**
     * Also writes every arrival to {@code out} ({@code -o json}: stdout), one compact JSON object per
     * line, named {@code name} in the problems and the summary. Call before {@link #start}.
     */
    public synchronized void streamTo(Writer out, String name, Consumer<String> problems) {
        add(JsonlSink.to(out, name, problems));
    }

    private void add(JsonlSink sink) {
        if (closed || backends != null) {
            sink.close();
            throw new IllegalStateException("the JSON lines' destinations are set before start");
        }
        sinks.add(sink);
        store.onArrival(sink);
    }

    /** Binds every port; a port in use throws {@link LocalBackends.PortInUse}, and {@link #close()} prints nothing. */
    public synchronized LocalBackends start(ListenOptions options, Clock clock) throws LocalBackends.PortInUse, IOException {
        if (closed) {
            throw new IllegalStateException("listen was stopped before it started");
        }
        backends = LocalBackends.start(options, clock, store);
        return backends;
    }

    /**
     * Waits for the end of {@code limit} (null: no limit), a signal, or an interrupt of the calling
     * thread. An interrupt is a request to stop like the others: it returns {@link Stop#INTERRUPTED}
     * with the interrupt status cleared, so that closing can still wait for the queues to drain; the
     * caller sets it again once closed.
     */
    public Stop await(Duration limit) {
        try {
            if (limit == null) {
                stop.await();
                return Stop.SIGNAL;
            }
            return stop.await(limit.toMillis(), TimeUnit.MILLISECONDS) ? Stop.SIGNAL : Stop.EXPIRED;
        } catch (InterruptedException e) {
            return Stop.INTERRUPTED;
        }
    }

    /** Lines were lost from the JSONL file or stdout (writing failed, or arrivals outran it). */
    public synchronized boolean recordingIncomplete() {
        return sinks.stream().anyMatch(sink -> !sink.complete());
    }

    /**
     * Stop accepting, drain, close the file, print the summary; idempotent, and a second caller
     * (the shutdown hook while the command closes) returns only once the first is done.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (backends != null) {
                backends.close();
            }
            view.close();
            sinks.forEach(JsonlSink::close);
            if (backends != null) {
                view.printSummary(sinks.stream().map(JsonlSink::summary).toList());
            }
        } finally {
            removeHook();
        }
    }

    /** Ctrl-C or SIGTERM: the JVM exits when the hook returns, so the hook closes the session itself. */
    void onShutdown() {
        stop.countDown();
        close();
    }

    private void removeHook() {
        if (Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or is about to: it finds the session closed
        }
    }
}
