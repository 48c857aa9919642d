package io.tracecheck.listen;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code listen --jsonl FILE}: every arrival as one JSON object per line, flushed as it arrives,
 * written by a thread of its own so the receivers never wait for the disk.
 */
public final class JsonlSink implements Consumer<Arrival>, AutoCloseable {
    private final BufferedWriter writer;
    private final BlockingQueue<Arrival> queue = new LinkedBlockingQueue<>(100_000);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile IOException failure;

    public JsonlSink(Path file) throws IOException {
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.thread = new Thread(this::write, "tracecheck-listen-jsonl");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(Arrival arrival) {
        if (!queue.offer(arrival)) {
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
                queue.drainTo(batch, 1000);
                for (Arrival arrival : batch) {
                    writer.write(JSON.std.asString(tree(arrival)));
                    writer.newLine();
                }
                writer.flush();
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                failure = e;
                return;
            }
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

    /** Arrivals that did not fit the queue (only under a flood faster than the disk). */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        if (failure != null) {
            throw failure;
        }
    }
}
