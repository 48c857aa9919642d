package io.tracecheck.listen;

import io.tracecheck.core.Status;
import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.terminal.Style;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code tracecheck listen}'s live view: one line per arrival (two for a refusal with a likely
 * cause), a summary of the counts every
 * ten seconds of quiet and at the end, and, with {@link QuietTraces}, each trace's compact waterfall
 * once it has gone quiet. Receivers never wait for the terminal: arrivals queue up to a bound, and
 * what does not fit is counted as not shown; traces are grouped and drawn on the view's own thread.
 */
public final class LiveView implements Consumer<Arrival>, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final Duration IDLE_SUMMARY = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final Style style;
    private final boolean quiet;
    private final java.util.function.IntSupplier width;
    private final Store store;
    private final ZoneId zone;
    private final BlockingQueue<Arrival> queue = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong notShown = new AtomicLong();
    /** The queue is bounded by bytes too: a burst of large arrivals is counted as not shown instead of held. */
    private static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;
    private final QuietTraces traces;
    private volatile boolean running = true;

    public LiveView(PrintWriter out, Style style, boolean quiet, java.util.function.IntSupplier width, Store store,
                    ZoneId zone) {
        this(out, style, quiet, width, store, zone, null);
    }

    /** {@code traces}: whose waterfalls to draw as they go quiet (null: none). */
    public LiveView(PrintWriter out, Style style, boolean quiet, java.util.function.IntSupplier width, Store store,
                    ZoneId zone, QuietTraces traces) {
        this.traces = traces;
        this.out = out;
        this.style = style;
        this.quiet = quiet;
        this.width = width;
        this.store = store;
        this.zone = zone;
        this.thread = new Thread(this::print, "tracecheck-listen-view");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(Arrival arrival) {
        if (quiet) {
            return;
        }
        long bytes = arrival.approximateBytes();
        if (queuedBytes.addAndGet(bytes) > MAX_QUEUED_BYTES || !queue.offer(arrival)) {
            queuedBytes.addAndGet(-bytes);
            notShown.incrementAndGet();
        }
    }

    private void print() {
        long quietSince = System.nanoTime();
        long drawnAt = System.nanoTime();
        while (running || !queue.isEmpty()) {
            try {
                Arrival arrival = queue.poll(200, TimeUnit.MILLISECONDS);
                // waterfalls go between bursts of lines, or once a second under a steady stream
                if (traces != null && (queue.isEmpty() || System.nanoTime() - drawnAt > 1_000_000_000L)) {
                    drawnAt = System.nanoTime();
                    List<String> due = traces.due();
                    due.forEach(out::println);
                    if (!due.isEmpty() && arrival == null) {
                        out.flush();
                    }
                }
                if (arrival != null) {
                    queuedBytes.addAndGet(-arrival.approximateBytes());
                    try {
                        if (traces != null) {
                            traces.arrived(arrival);
                        }
                        out.println(line(arrival));
                    } catch (RuntimeException | Error e) {
                        notShown.incrementAndGet(); // one line that cannot be drawn must not end the view
                    }
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                    quietSince = System.nanoTime();
                } else if (running && !quiet && System.nanoTime() - quietSince >= IDLE_SUMMARY.toNanos()) {
                    out.println(style.dim(summary()));
                    out.flush();
                    quietSince = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The arrival's line: data with its service, name, trace, count and size; a request with its
     * answer; a refusal with its kind, answer, reason and size, and its likely cause on a second,
     * indented line.
     */
    String line(Arrival arrival) {
        String time = LocalTime.ofInstant(arrival.time(), zone).format(TIME);
        String head = time + "  " + pad(arrival.source().id(), 9) + "  ";
        if (arrival.kind().refusal()) {
            String text = head + style.paint(Status.FAIL, arrival.kind().id()) + "  " + answer(arrival)
                    + (arrival.reason().isEmpty() ? "" : (arrival.request() == null ? "" : ": ") + oneLine(arrival.reason()))
                    + "  (" + Sizes.readable(arrival.bytes()) + ")";
            return arrival.cause().isEmpty() ? fit(text)
                    : fit(text) + System.lineSeparator() + fit(" ".repeat(14) + style.dim("likely cause: " + oneLine(arrival.cause())));
        }
        if (arrival.kind() == Arrival.Kind.REQUEST) {
            return fit(head + "request  " + answer(arrival) + "  (" + Sizes.readable(arrival.bytes()) + ")");
        }
        String count = switch (arrival.kind()) {
            case SPANS -> plural(arrival.count(), "span");
            case SEGMENT -> plural(arrival.count(), "segment");
            case LOGS -> plural(arrival.count(), "log record");
            case METRICS -> plural(arrival.count(), "data point");
            case ITEM -> "1 item";
            default -> "";
        };
        return fit(head + pad(oneLine(arrival.service()), 16) + "  " + pad(quoteName(arrival.name()), 24) + "  "
                + (arrival.traceId().isEmpty() ? "-" : arrival.traceId()) + "  " + count + "  " + Sizes.readable(arrival.bytes())
                + (arrival.probe() ? "  " + style.paint(Status.PASS, "tracecheck.probe") : ""));
    }

    /** "404 POST /v1/traces/v1/traces", "grpc-status 16 UNAUTHENTICATED POST /…/Export", "200 POST / CreateLogGroup"; "" for a datagram. */
    private static String answer(Arrival arrival) {
        Arrival.Request request = arrival.request();
        if (request == null) {
            return "";
        }
        String status = request.grpcStatus() > 0
                ? "grpc-status " + request.grpcStatus() + GrpcCode.of(request.grpcStatus()).map(c -> " " + c.name()).orElse("")
                : String.valueOf(request.status());
        String operation = request.operation().isEmpty() || request.path().endsWith("/" + request.operation())
                ? "" : " " + request.operation();
        return status + " " + request.method() + " " + oneLine(request.path()) + operation;
    }

    private String fit(String text) {
        int columns = width.getAsInt();
        return columns > 0 && visibleLength(text) > columns ? cut(text, columns - 1) + style.ellipsis() : text;
    }

    /** One line, and no control characters: names and paths come from apps, and an escape sequence would reach the terminal. */
    private static String oneLine(String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                if (clean == null) {
                    clean = new StringBuilder(text);
                }
                clean.setCharAt(i, ' ');
            }
        }
        return clean == null ? text : clean.toString();
    }

    /** The counts line, also printed at the end. */
    public String summary() {
        Store.Counts counts = store.counts();
        long hidden = notShown.get();
        return "received " + counts.received() + ", malformed " + counts.malformed() + ", refused " + counts.refused()
                + ", evicted " + counts.evicted()
                + ", kept " + counts.kept() + (hidden > 0 ? ", not shown (too fast to print) " + hidden : "");
    }

    private static String quoteName(String name) {
        String oneLine = oneLine(name);
        return oneLine.length() > 40 ? oneLine.substring(0, 39) + "…" : oneLine;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** The first {@code columns} visible characters, colour codes kept (and reset). */
    private static String cut(String text, int columns) {
        StringBuilder out = new StringBuilder();
        int visible = 0;
        for (int i = 0; i < text.length() && visible < columns; i++) {
            char c = text.charAt(i);
            if (c == '\u001b') {
                int end = text.indexOf('m', i);
                if (end > 0) {
                    out.append(text, i, end + 1);
                    i = end;
                    continue;
                }
            }
            out.append(c);
            visible++;
        }
        return out.append(text.contains("\u001b[") ? "\u001b[0m" : "").toString();
    }

    private static int visibleLength(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    /** Prints what is still queued and stops; idempotent. The closing summary is {@link #printSummary}'s. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (traces != null && !thread.isAlive()) {
            // the traces still open as listen stops: their last chance to be seen
            traces.drain().forEach(out::println);
        }
        out.flush();
    }

    /** The closing summary: the counts, then {@code more} (the JSONL file's counts). */
    public void printSummary(java.util.List<String> more) {
        out.println(summary());
        more.forEach(out::println);
        out.flush();
    }
}
