package io.tracecheck.listen;

import com.fasterxml.jackson.jr.ob.JSON;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracecheck.listen.otlp.SpansJson;

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
 * {@code listen --jsonl FILE} and {@code listen -o json}: every arrival as one compact JSON object
 * per line, flushed as it arrives, written by a thread of its own so the receivers never wait for
 * the disk or the reader of stdout.
 * <p>
 * The lines are a by-product of listen, not its purpose: when writing fails (a full disk, a closed
 * pipe) the sink says so once, through {@code problems}, and stops writing; the backends keep
 * serving. Every line not written, for that or because arrivals outran the writer, is counted, and
 * {@link #summary()} gives the counts at stop.
 */
public final class JsonlSink implements Consumer<Arrival>, AutoCloseable {
    /** How the problems and the summary name the destination: "--jsonl FILE", "stdout (-o json)". */
    private final String name;
    /** The file's stream, closed with the sink; null for stdout, which is only flushed. */
    private final OutputStream stream;
    private final Writer writer;
    private final Consumer<String> problems;
    private final BlockingQueue<Arrival> queue = new LinkedBlockingQueue<>(100_000);
    /** The queue is bounded by bytes too (arrivals' approximate size): a burst of large names is dropped and counted. */
    static final long MAX_QUEUED_BYTES = 8L * 1024 * 1024;
    private final AtomicLong queuedBytes = new AtomicLong();
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
        this("--jsonl " + file, Files.newOutputStream(file), null, problems);
    }

    /** Writes to {@code out} (stdout), which it flushes but never closes. */
    public static JsonlSink to(Writer out, String name, Consumer<String> problems) {
        return new JsonlSink(name, null, out, problems);
    }

    private JsonlSink(String name, OutputStream stream, Writer out, Consumer<String> problems) {
        this.name = name;
        this.problems = problems;
        this.stream = stream;
        // Names and attributes come from apps and may hold lone UTF-16 surrogates: a strict encoder
        // would throw MalformedInputException mid-line and end the file there. They become '?'.
        var utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.writer = stream != null ? new BufferedWriter(new OutputStreamWriter(stream, utf8)) : out;
        this.thread = new Thread(this::write, "tracecheck-listen-jsonl");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(Arrival arrival) {
        if (failure != null) {
            dropped.incrementAndGet();
        } else {
            long bytes = arrival.approximateBytes();
            if (queuedBytes.addAndGet(bytes) > MAX_QUEUED_BYTES || !queue.offer(arrival)) {
                queuedBytes.addAndGet(-bytes);
                overflowed = true;
                dropped.incrementAndGet();
            }
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
            for (Arrival arrival : batch) {
                queuedBytes.addAndGet(-arrival.approximateBytes());
            }
            try {
                if (!writeBatch(batch)) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                // even running out of memory on one batch must not end the writer: that batch is counted as dropped
                dropped.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    /** Writes one batch; false when writing failed for good. */
    private boolean writeBatch(List<Arrival> batch) {
        {
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
                if (writer instanceof java.io.PrintWriter printer && printer.checkError()) {
                    throw new IOException("the output was closed");
                }
            } catch (IOException e) {
                fail(e, lines.size());
                return false;
            }
            written.addAndGet(lines.size());
            reportDropsOnce();
            return true;
        }
    }

    /** The arrival as one JSON line, or null (counted as dropped) if it cannot be serialised. */
    private String line(Arrival arrival) {
        try {
            String line = JSON.std.asString(tree(arrival));
            String spans = spans(arrival.kept());
            // the spans, written by hand for speed, go last, inside the object jackson closed
            return spans == null ? line : line.substring(0, line.length() - 1) + ",\"otlp\":" + spans + "}";
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
        problems.accept(name + ": cannot write (" + reason + "); the local backends keep serving, "
                + "but arrivals are no longer recorded there");
    }

    private void reportDropsOnce() {
        if (!dropsReported && overflowed) {
            dropsReported = true;
            problems.accept(name + ": arrivals came faster than they could be written; some were "
                    + "not recorded (counted at stop)");
        }
    }

    static Map<String, Object> tree(Arrival arrival) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("kind", arrival.kind().id());
        node.put("time", arrival.time().toString());
        node.put("source", arrival.source().id());
        if (arrival.kind().refusal() || arrival.kind() == Arrival.Kind.REQUEST) {
            Arrival.Request request = arrival.request();
            if (request != null) {
                node.put("method", request.method());
                node.put("path", request.path());
                node.put("status", request.status());
                if (request.grpcStatus() >= 0) {
                    node.put("grpc_status", request.grpcStatus());
                }
                if (!request.operation().isEmpty()) {
                    node.put("operation", request.operation());
                }
            }
            if (arrival.kind().refusal()) {
                node.put("reason", arrival.reason());
                if (!arrival.cause().isEmpty()) {
                    node.put("cause", arrival.cause());
                }
            }
            node.put("bytes", arrival.bytes());
            if (request != null && !request.userAgent().isEmpty()) {
                node.put("user_agent", request.userAgent());
            }
            return node;
        }
        if (arrival.kind() == Arrival.Kind.ITEM) {
            node.put("uuid", arrival.traceId());
            node.put("environment", arrival.service());
            node.put("title", arrival.name());
            node.put("bytes", arrival.bytes());
            node.put("probe", arrival.probe());
            kept(node, arrival.kept());
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
        kept(node, arrival.kept());
        return node;
    }

    /**
     * What the arrival put in the store, whole, after the summary fields: what {@code listen --replay}
     * rebuilds the store from (docs/local-backends.md, "Replay"). Spans as OTLP/JSON with their
     * resource, a segment as the document sent, log records and events, a Rollbar item's data.
     */
    private static void kept(Map<String, Object> node, List<? extends Stored> kept) {
        if (kept.isEmpty()) {
            return;
        }
        Stored first = kept.get(0);
        if (first instanceof StoredSpan span) {
            node.put("environment", span.environment());
            node.put("dataset", span.dataset());
            // and "otlp", the spans themselves: see spans()
        } else if (first instanceof StoredSegment segment) {
            node.put("document", segment.document());
        } else if (first instanceof StoredLogRecord) {
            node.put("records", kept.stream().map(item -> {
                StoredLogRecord record = (StoredLogRecord) item;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("trace_id", record.traceId());
                entry.put("severity", record.severity());
                entry.put("body", record.body());
                return entry;
            }).toList());
        } else if (first instanceof StoredLogEvent) {
            node.put("events", kept.stream().map(item -> {
                StoredLogEvent event = (StoredLogEvent) item;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("group", event.group());
                entry.put("stream", event.stream());
                entry.put("timestamp", event.timestamp());
                entry.put("ingestion_time", event.ingestionTime());
                entry.put("message", event.message());
                return entry;
            }).toList());
        } else if (first instanceof StoredRollbarItem item) {
            node.put("id", item.id());
            node.put("level", item.level());
            node.put("data", item.data());
        }
        // a metrics export: service and count are all the store keeps of it
    }

    /** The spans kept, as one OTLP/JSON export request (a ResourceSpans per distinct resource); null for other items. */
    private static String spans(List<? extends Stored> kept) {
        if (kept.isEmpty() || !(kept.get(0) instanceof StoredSpan)) {
            return null;
        }
        Map<Resource, List<Span>> byResource = new LinkedHashMap<>();
        for (Stored item : kept) {
            StoredSpan span = (StoredSpan) item;
            byResource.computeIfAbsent(span.resource(), r -> new ArrayList<>()).add(span.span());
        }
        return SpansJson.request(byResource);
    }

    /** Lines written (flushed). */
    public long written() {
        return written.get();
    }

    /** Arrivals that never became a line: the queue was full, or writing had failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Why writing stopped, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every arrival was written. */
    public boolean complete() {
        return failure == null && dropped.get() == 0;
    }

    /** The line for listen's closing summary. */
    public String summary() {
        return name + ": " + written() + (written() == 1 ? " line" : " lines") + " written, "
                + dropped() + " dropped";
    }

    /** Writes what is queued, then closes the file (flushes stdout). Call once no arrival can come any more; idempotent. */
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
            if (stream != null) {
                writer.close();
            } else {
                writer.flush();
            }
        } catch (IOException e) {
            if (failure == null) {
                fail(e, 0);
            }
        } finally {
            if (stream != null) {
                closeQuietly(stream); // the writer leaves it open when its last flush fails
            }
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
