package io.tracecheck.listen;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code listen --jsonl FILE}: every arrival as one JSON object per line, flushed as it arrives,
 * written by a thread of its own so the receivers never wait for the disk.
 * <p>
 * The file is a by-product of listen, not its purpose: when writing fails (a full disk) the sink
 * says so once, through {@code problems}, and stops writing; the backends keep serving. Every line
 * not written, for that or because arrivals outran the disk, is counted, and {@link #summary()}
 * gives the counts at stop.
 */
public final class JsonlSink implements Consumer<Arrival>, AutoCloseable {
    private final Path file;
    private final OutputStream stream;
    private final Writer writer;
    private final Consumer<String> problems;
    private final BlockingQueue<Arrival> queue = new LinkedBlockingQueue<>(100_000);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;
    private volatile boolean overflowed;
    private boolean dropsReported;
    private boolean closed;

    /** Opens (truncates) the file; {@code problems} hears, once each, why lines stopped reaching it. */
    public JsonlSink(Path file, Consumer<String> problems) throws IOException {
        this.file = file;
        this.problems = problems;
        // Names and attributes come from apps and may hold lone UTF-16 surrogates: a strict encoder
        // would throw MalformedInputException mid-line and end the file there. They become '?'.
        var utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.stream = Files.newOutputStream(file);
        this.writer = new BufferedWriter(new OutputStreamWriter(stream, utf8));
        this.thread = new Thread(this::write, "tracecheck-listen-jsonl");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(Arrival arrival) {
        if (failure != null) {
            dropped.incrementAndGet();
        } else if (!queue.offer(arrival)) {
            overflowed = true;
            dropped.incrementAndGet();
        }
    }

    private void write() {
        List<Arrival> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Arrival first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                return; // close() counts what is left in the queue
            }
            queue.drainTo(batch, 1000);
            List<String> lines = new ArrayList<>(batch.size());
            for (Arrival arrival : batch) {
                String line = line(arrival);
                if (line != null) {
                    lines.add(line);
                }
            }
            batch.clear();
            try {
                for (String line : lines) {
                    writer.write(line);
                    writer.write('\n');
                }
                writer.flush();
            } catch (IOException e) {
                fail(e, lines.size());
                return;
            }
            written.addAndGet(lines.size());
            reportDropsOnce();
        }
    }

    /** The arrival as one JSON line, or null (counted as dropped) if it cannot be serialised. */
    private String line(Arrival arrival) {
        try {
            return JSON.std.asString(tree(arrival));
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            return null;
        }
    }

    /** Writing failed: none of this batch counts as written (part of it may be in the file), later ones are not attempted. */
    private void fail(IOException e, int unwritten) {
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        failure = reason;
        dropped.addAndGet(unwritten);
        problems.accept("--jsonl " + file + ": cannot write (" + reason + "); the local backends keep serving, "
                + "but arrivals are no longer recorded in the file");
    }

    private void reportDropsOnce() {
        if (!dropsReported && overflowed) {
            dropsReported = true;
            problems.accept("--jsonl " + file + ": arrivals came faster than the file could take them; some were "
                    + "not recorded (counted at stop)");
        }
    }

    static Map<String, Object> tree(Arrival arrival) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("kind", arrival.kind().name().toLowerCase(java.util.Locale.ROOT));
        node.put("time", arrival.time().toString());
        node.put("source", arrival.source().id());
        if (arrival.kind() == Arrival.Kind.MALFORMED) {
            node.put("reason", arrival.reason());
            node.put("bytes", arrival.bytes());
            return node;
        }
        if (arrival.kind() == Arrival.Kind.ITEM) {
            node.put("uuid", arrival.traceId());
            node.put("environment", arrival.service());
            node.put("title", arrival.name());
            node.put("bytes", arrival.bytes());
            node.put("probe", arrival.probe());
            return node;
        }
        node.put("service", arrival.service());
        node.put("name", arrival.name());
        if (!arrival.traceId().isEmpty()) {
            node.put("trace_id", arrival.traceId());
        }
        String idKey = arrival.kind() == Arrival.Kind.SEGMENT ? "segment_id" : "span_id";
        if (!arrival.items().isEmpty()) {
            node.put(arrival.kind() == Arrival.Kind.SEGMENT ? "segments" : "spans", arrival.items().stream().map(item -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(idKey, item.id());
                entry.put("parent_id", item.parentId());
                entry.put("name", item.name());
                return entry;
            }).toList());
        }
        node.put("count", arrival.count());
        node.put("bytes", arrival.bytes());
        node.put("probe", arrival.probe());
        return node;
    }

    /** Lines written to the file (flushed). */
    public long written() {
        return written.get();
    }

    /** Arrivals that never became a line in the file: the queue was full, or writing had failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Why writing stopped, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every arrival is in the file. */
    public boolean complete() {
        return failure == null && dropped.get() == 0;
    }

    /** The line for listen's closing summary. */
    public String summary() {
        return "--jsonl " + file + ": " + written() + (written() == 1 ? " line" : " lines") + " written, "
                + dropped() + " dropped";
    }

    /** Writes what is queued, then closes the file. Call once no arrival can come any more; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(queue.size());
        queue.clear();
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) {
                fail(e, 0);
            }
        } finally {
            closeQuietly(stream); // the writer leaves it open when its last flush fails
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // already reported, or nothing left to lose
        }
    }
}
