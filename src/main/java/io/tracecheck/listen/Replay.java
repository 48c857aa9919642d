package io.tracecheck.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracecheck.listen.otlp.Destination;
import io.tracecheck.listen.otlp.OtlpIngest;
import io.tracecheck.listen.otlp.OtlpJson;
import io.tracecheck.listen.xray.SegmentDocument;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * {@code listen --replay FILE}: loads a recording into the store before the ports open, so a trace
 * captured elsewhere can be looked at again. Each line is read for what it is: a line listen's
 * {@code --jsonl} wrote (it has a {@code kind}), or an OTLP/JSON export request as the OpenTelemetry
 * Collector's file exporter writes one per line ({@code resourceSpans}, {@code resourceLogs},
 * {@code resourceMetrics}); gzip is recognised by its magic bytes.
 * <p>
 * The file is untrusted: a line that cannot be read is counted and named by number with a reason
 * that never quotes it (a recording may hold credentials); a line longer than the body limit is
 * skipped unread. Items keep the times they carry, are counted as replayed and announced to no
 * listener: the live view gets one line per file, and a JSONL file does not record them again.
 */
public final class Replay {
    /** How many skipped lines are named one by one; the rest are counted. */
    static final int NAMED_SKIPS = 10;
    /** Distinct traces counted for the summary line; past it, the line says "over". */
    private static final int TRACES_COUNTED = 100_000;

    /** What a line was. */
    public enum Format {
        JSONL("listen --jsonl"), COLLECTOR("OTLP JSON");

        private final String label;

        Format(String label) {
            this.label = label;
        }
    }

    /** A file that cannot be replayed at all: the command's usage error, one line. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(Path file, String why) {
            super("--replay " + file + ": " + why);
        }
    }

    /** A line not loaded: its number and why, in words that never quote the line. */
    public record Skipped(long line, String reason) {
    }

    private final Path file;
    private final Store store;
    private final int lineLimit;
    private final Destination collectorDestination;
    private final Clock clock;
    /** In the order first seen. */
    private final Set<Format> formats = new java.util.LinkedHashSet<>();
    private final Set<String> traces = new HashSet<>();
    private final List<Skipped> named = new ArrayList<>();
    /** Lines that are not blank. */
    private long lines;
    private long skipped;
    private long keptNothing;
    private long spans;
    private long segments;
    private long logRecords;
    private long logEvents;
    private long metrics;
    private long items;
    private boolean moreTraces;

    private Replay(Path file, Store store, ListenOptions options, Clock clock) {
        this.file = file;
        this.store = store;
        this.lineLimit = (int) Math.min(Integer.MAX_VALUE - 8, options.bodyLimit());
        // Collector files carry no Honeycomb key: they land where the key listen prints would put them
        this.collectorDestination = new Destination(ExportLines.honeycombKey(options.honeycombKeys()).environmentSlug(), null);
        this.clock = clock;
    }

    /** A file that is there, regular and readable; checked before anything starts, as a usage error. */
    public static void check(Path file) throws Unusable {
        if (!Files.exists(file)) {
            throw new Unusable(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new Unusable(file, "is a directory; give the recording file itself");
        }
        if (!Files.isRegularFile(file)) {
            // a FIFO would block the start, /dev/zero never end: a recording is a file with an end
            throw new Unusable(file, "is not a regular file (a FIFO, a device or a socket); --replay reads a recording file");
        }
        if (!Files.isReadable(file)) {
            throw new Unusable(file, "cannot be read (permission denied)");
        }
    }

    /**
     * Loads {@code file} into {@code store}; {@link Unusable} when it cannot be opened or no line of
     * it is a recording (all skipped).
     */
    public static Result load(Path file, Store store, ListenOptions options, Clock clock) throws Unusable {
        check(file);
        return new Replay(file, store, options, clock).run();
    }

    private Result run() throws Unusable {
        long evictedBefore = store.counts().evicted();
        String stoppedBy = "";
        try (InputStream in = open()) {
            RecordingLines reader = new RecordingLines(in, lineLimit);
            for (RecordingLines.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.tooLong()) {
                    lines++;
                    skip(line.number(), "longer than the body limit of " + lineLimit + " bytes (--body-limit)");
                } else {
                    read(line);
                }
            }
        } catch (NoSuchFileException e) {
            throw new Unusable(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new Unusable(file, "cannot be read (permission denied)");
        } catch (IOException e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Reasons.safe(e.getMessage()));
            if (lines == 0) {
                throw new Unusable(file, "cannot be read (" + why + ")");
            }
            // a truncated .gz, a disk error: what was read stays loaded
            stoppedBy = "reading stopped after " + lines + " lines (" + why + "); the lines before it are loaded";
        }
        if (skipped > 0 && skipped == lines) {
            Skipped first = named.get(0);
            throw new Unusable(file, "no line is a listen --jsonl recording or OTLP JSON from the Collector's file exporter "
                    + "(line " + first.line() + ": " + first.reason() + ")");
        }
        return new Result(file, List.copyOf(formats), lines, spans, traces.size(), moreTraces, segments, logRecords,
                logEvents, metrics, items, keptNothing, store.counts().evicted() - evictedBefore, List.copyOf(named),
                skipped, stoppedBy);
    }

    private InputStream open() throws IOException, Unusable {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            raw.mark(4);
            byte[] magic = raw.readNBytes(4);
            raw.reset();
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return new GZIPInputStream(raw, 64 * 1024);
            }
            if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                    && (magic[3] & 0xff) == 0xfd) {
                throw new Unusable(file, "is zstd-compressed (the Collector's compression: zstd); decompress it first: "
                        + "zstd -d " + file);
            }
            return raw;
        } catch (IOException | Unusable | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private void read(RecordingLines.Line line) {
        if (isBlank(line.bytes())) {
            return;
        }
        lines++;
        if (firstNonBlank(line.bytes()) != '{') {
            skip(line.number(), "not a JSON object");
            return;
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(line.bytes());
        } catch (JsonProcessingException e) {
            skip(line.number(), "not JSON" + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
            return;
        } catch (IOException | RuntimeException e) {
            skip(line.number(), "not a JSON object");
            return;
        }
        if (json == null) {
            skip(line.number(), "not a JSON object");
            return;
        }
        try {
            if (json.get("kind") instanceof String kind) {
                formats.add(Format.JSONL);
                listenLine(kind, json);
            } else if (isCollectorLine(json)) {
                formats.add(Format.COLLECTOR);
                collectorLine(json);
            } else {
                skip(line.number(), "neither a listen --jsonl line (it has no kind) nor OTLP JSON (no resourceSpans, "
                        + "resourceLogs or resourceMetrics)");
            }
        } catch (IllegalArgumentException e) {
            skip(line.number(), Reasons.safe(e.getMessage()));
        } catch (RuntimeException e) {
            skip(line.number(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isCollectorLine(Map<String, Object> json) {
        return json.containsKey("resourceSpans") || json.containsKey("resource_spans") || json.containsKey("resourceLogs")
                || json.containsKey("resource_logs") || json.containsKey("resourceMetrics") || json.containsKey("resource_metrics");
    }

    /** One export request per line: stored as if it had arrived now, by no receiver in particular. */
    private void collectorLine(Map<String, Object> json) {
        Instant now = clock.instant();
        List<Stored> kept = new ArrayList<>();
        if (json.containsKey("resourceSpans") || json.containsKey("resource_spans")) {
            kept.addAll(OtlpIngest.spans(OtlpJson.parse(only(json, "resourceSpans", "resource_spans"),
                    ExportTraceServiceRequest.newBuilder()).build(), Source.REPLAY, collectorDestination, now).items());
        }
        if (json.containsKey("resourceLogs") || json.containsKey("resource_logs")) {
            kept.addAll(OtlpIngest.logs(OtlpJson.parse(only(json, "resourceLogs", "resource_logs"),
                    ExportLogsServiceRequest.newBuilder()).build(), Source.REPLAY, now).items());
        }
        if (json.containsKey("resourceMetrics") || json.containsKey("resource_metrics")) {
            kept.addAll(OtlpIngest.metrics(OtlpJson.parse(only(json, "resourceMetrics", "resource_metrics"),
                    ExportMetricsServiceRequest.newBuilder()).build(), Source.REPLAY, now).items());
        }
        keep(kept);
    }

    /** The members of one signal, so one line holding two (hand-made) parses as two requests. */
    private static Map<String, Object> only(Map<String, Object> json, String... names) {
        Map<String, Object> part = new LinkedHashMap<>();
        for (String name : names) {
            if (json.containsKey(name)) {
                part.put(name, json.get(name));
            }
        }
        return part;
    }

    @SuppressWarnings("unchecked")
    private void listenLine(String kind, Map<String, Object> json) {
        Instant time = time(json);
        Source source = source(json);
        String service = text(json, "service");
        switch (kind) {
            case "spans" -> {
                if (!(json.get("otlp") instanceof Map<?, ?> otlp)) {
                    throw new IllegalArgumentException(older("spans", "otlp"));
                }
                String dataset = text(json, "dataset");
                ExportTraceServiceRequest request = OtlpJson.parse((Map<String, Object>) otlp,
                        ExportTraceServiceRequest.newBuilder()).build();
                keep(OtlpIngest.spans(request, source, new Destination(text(json, "environment"),
                        dataset.isEmpty() ? null : dataset), time).items());
            }
            case "segment" -> {
                if (!(json.get("document") instanceof String document)) {
                    throw new IllegalArgumentException(older("segment", "document"));
                }
                Map<String, Object> fields = SegmentDocument.parse(document);
                keep(List.of(new StoredSegment(time, source, (String) fields.get("trace_id"), (String) fields.get("id"),
                        (String) fields.get("name"), fields.get("parent_id") instanceof String parent ? parent : "",
                        document, fields)));
            }
            case "logs" -> {
                List<Stored> kept = new ArrayList<>();
                if (json.get("records") instanceof List<?> records) {
                    for (Map<String, Object> record : objects(records, "records")) {
                        kept.add(new StoredLogRecord(time, source, service, text(record, "trace_id"),
                                text(record, "severity"), text(record, "body")));
                    }
                } else if (json.get("events") instanceof List<?> events) {
                    for (Map<String, Object> event : objects(events, "events")) {
                        kept.add(new StoredLogEvent(time, source, text(event, "group"), text(event, "stream"),
                                number(event, "timestamp"), number(event, "ingestion_time"), text(event, "message")));
                    }
                } else {
                    throw new IllegalArgumentException(older("logs", "records or events"));
                }
                keep(kept);
            }
            case "metrics" -> keep(List.of(new StoredMetrics(time, source, service, (int) number(json, "count"))));
            case "item" -> {
                if (!(json.get("data") instanceof Map<?, ?> data)) {
                    throw new IllegalArgumentException(older("item", "data"));
                }
                keep(List.of(new StoredRollbarItem(time, source, number(json, "id"), text(json, "uuid"),
                        text(json, "environment"), text(json, "title"),
                        json.get("level") instanceof String level ? level : "error", (Map<String, Object>) data)));
            }
            default -> {
                if (isKnownKind(kind)) {
                    keptNothing++; // a request answered or refused: listed at the time, nothing to keep
                } else {
                    throw new IllegalArgumentException("a listen line of an unknown kind");
                }
            }
        }
    }

    private static boolean isKnownKind(String kind) {
        for (Arrival.Kind known : Arrival.Kind.values()) {
            if (known.id().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /** A data line written before lines carried what they kept. */
    private static String older(String kind, String field) {
        return "a " + kind + " line without " + field + ": written by a tracecheck before --replay existed, it names "
                + "what arrived but does not carry it";
    }

    private void keep(List<? extends Stored> kept) {
        for (Stored item : kept) {
            if (item instanceof StoredSpan span) {
                spans++;
                countTrace(span.traceId());
            } else if (item instanceof StoredSegment segment) {
                segments++;
                countTrace(segment.traceId());
            } else if (item instanceof StoredLogRecord) {
                logRecords++;
            } else if (item instanceof StoredLogEvent) {
                logEvents++;
            } else if (item instanceof StoredMetrics) {
                metrics++;
            } else if (item instanceof StoredRollbarItem) {
                items++;
            }
        }
        store.replay(kept);
    }

    private void countTrace(String traceId) {
        if (traces.size() < TRACES_COUNTED) {
            traces.add(traceId);
        } else if (!traces.contains(traceId)) {
            moreTraces = true;
        }
    }

    private void skip(long line, String reason) {
        skipped++;
        if (named.size() < NAMED_SKIPS) {
            named.add(new Skipped(line, reason));
        }
    }

    private Instant time(Map<String, Object> json) {
        if (json.get("time") instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("time is not an ISO-8601 instant");
            }
        }
        return clock.instant();
    }

    private static Source source(Map<String, Object> json) {
        Object id = json.get("source");
        for (Source source : Source.values()) {
            if (source.id().equals(id)) {
                return source;
            }
        }
        return Source.REPLAY;
    }

    private static String text(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return text;
    }

    private static long number(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(name + " is not a number");
        }
        return number.longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(List<?> list, String name) {
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(name + " holds something other than objects");
            }
        }
        return (List<Map<String, Object>>) list;
    }

    private static int firstNonBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return b;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** What one file gave. */
    public record Result(Path file, List<Format> formats, long lines, long spans, long traces, boolean moreTraces,
                         long segments, long logRecords, long logEvents, long metrics, long items, long keptNothing,
                         long evicted, List<Skipped> named, long skipped, String stoppedBy) {

        /** "replayed 2 traces (3 spans, 1 segment), 1 Rollbar item from rec.jsonl (listen --jsonl); 1 line skipped". */
        public String summary() {
            List<String> parts = new ArrayList<>();
            if (spans + segments > 0) {
                List<String> of = new ArrayList<>();
                add(of, spans, "span");
                add(of, segments, "segment");
                parts.add((moreTraces ? "over " : "") + plural(traces, "trace") + " (" + String.join(", ", of) + ")");
            }
            add(parts, logRecords, "log record");
            add(parts, logEvents, "log event");
            add(parts, metrics, "metrics export");
            add(parts, items, "Rollbar item");
            StringBuilder line = new StringBuilder("replayed ")
                    .append(parts.isEmpty() ? "nothing" : String.join(", ", parts)).append(" from ").append(file);
            if (!formats.isEmpty()) {
                line.append(" (").append(String.join(" and ", formats.stream().map(f -> f.label).toList())).append(")");
            }
            if (skipped > 0) {
                line.append("; ").append(plural(skipped, "line")).append(" skipped");
            }
            if (evicted > 0) {
                line.append("; ").append(evicted).append(" evicted: --max-items keeps the newest");
            }
            return line.toString();
        }

        /** One line per skipped line named, then the count of the rest, and why reading stopped early. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            for (Skipped skip : named) {
                problems.add("--replay " + file + ": line " + skip.line() + " skipped: " + skip.reason());
            }
            if (skipped > named.size()) {
                problems.add("--replay " + file + ": " + plural(skipped - named.size(), "more line") + " skipped");
            }
            if (!stoppedBy.isEmpty()) {
                problems.add("--replay " + file + ": " + stoppedBy);
            }
            return problems;
        }

        /** Items kept from this file, before any eviction. */
        public long loaded() {
            return spans + segments + logRecords + logEvents + metrics + items;
        }

        private static void add(List<String> parts, long count, String noun) {
            if (count > 0) {
                parts.add(plural(count, noun));
            }
        }

        private static String plural(long count, String noun) {
            return count + " " + noun + (count == 1 ? "" : "s");
        }
    }

    /** Reasons from parsers, made safe to print: what they quote of the input goes. */
    static final class Reasons {
        private Reasons() {
        }

        static String safe(String reason) {
            if (reason == null || reason.isBlank()) {
                return "cannot be read";
            }
            String text = reason;
            int source = text.indexOf(" at [Source");
            if (source >= 0) {
                text = text.substring(0, source);
            }
            int newline = text.indexOf('\n');
            if (newline >= 0) {
                text = text.substring(0, newline);
            }
            // greedy: a quoted value may itself hold a quote
            text = text.replaceAll("'.*'", "'…'").replaceAll("\".*\"", "\"…\"")
                    .replaceAll("(unknown enum value) .*", "$1")
                    .replaceAll("[\\p{Cntrl}]", " ");
            return text.length() > 160 ? text.substring(0, 159) + "…" : text;
        }
    }
}
