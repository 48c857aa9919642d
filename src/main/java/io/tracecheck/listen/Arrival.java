package io.tracecheck.listen;

import java.time.Instant;
import java.util.List;

/**
 * One thing that arrived, as the live view and the JSONL file show it: a group of spans of one
 * trace and service from one request, a batch of log records, a metrics export, an X-Ray segment,
 * a Rollbar item (service = environment, name = title, traceId = item uuid), or something
 * malformed with the reason.
 */
public record Arrival(Kind kind, Source source, Instant time, String service, String name, String traceId,
                      List<Item> items, int count, long bytes, boolean probe, String reason) {

    public enum Kind { SPANS, LOGS, METRICS, SEGMENT, ITEM, MALFORMED }

    /** A span or segment inside the arrival: its id, its parent's, its name. */
    public record Item(String id, String parentId, String name) {
    }

    public static Arrival malformed(Source source, Instant time, long bytes, String reason) {
        return new Arrival(Kind.MALFORMED, source, time, "", "", "", List.of(), 0, bytes, false, reason);
    }
}
