package io.tracecheck.listen;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One thing that arrived, as the live view and the JSONL file show it: a group of spans of one
 * trace and service from one request, a batch of log records, a metrics export, an X-Ray segment,
 * a Rollbar item (service = environment, name = title, traceId = item uuid), an API request
 * answered, or something refused, with the reason, the likely cause and its real size.
 * <p>
 * {@code request} is the HTTP request behind a refusal or an API request (null for data and for
 * datagrams); {@code cause} is what most likely made the app send it, in words ("" when unknown).
 * {@code kept} is what this arrival put in the store (empty for what keeps nothing): the JSONL line
 * carries it whole, so {@code listen --replay} can rebuild the store from a recording.
 */
public record Arrival(Kind kind, Source source, Instant time, String service, String name, String traceId,
                      List<Item> items, int count, long bytes, boolean probe, String reason, String cause,
                      Request request, List<? extends Stored> kept) {
    /** Longest text an arrival keeps of a name, id or reason: the rest of an 8 MiB span name stays out of the queues. */
    static final int MAX_TEXT = 1024;
    /** Most spans or segments an arrival lists; {@code count} still says how many arrived. */
    static final int MAX_ITEMS = 1000;

    public Arrival {
        kept = kept == null ? List.of() : kept;
        service = cut(service);
        name = cut(name);
        traceId = cut(traceId);
        reason = cut(reason);
        cause = cut(cause);
        if (items == null) {
            items = List.of();
        } else if (items.size() > MAX_ITEMS || items.stream().anyMatch(Item::long_)) {
            items = items.stream().limit(MAX_ITEMS).map(i -> new Item(cut(i.id()), cut(i.parentId()), cut(i.name()))).toList();
        }
    }

    /** An arrival that keeps nothing (a refusal, a request answered). */
    public Arrival(Kind kind, Source source, Instant time, String service, String name, String traceId,
                   List<Item> items, int count, long bytes, boolean probe, String reason, String cause,
                   Request request) {
        this(kind, source, time, service, name, traceId, items, count, bytes, probe, reason, cause, request, List.of());
    }

    static String cut(String text) {
        // a copy, so the arrival never keeps the long original alive
        return text == null || text.length() <= MAX_TEXT ? text : new String(text.substring(0, MAX_TEXT - 1)) + "…";
    }

    /**
     * About how many bytes the arrival holds: what bounds the live view's and the JSONL file's queues.
     * The items it kept count too: a queued arrival keeps them alive after the store evicts them.
     */
    public long approximateBytes() {
        long bytes = 256 + Sizes.of(service) + Sizes.of(name) + Sizes.of(traceId) + Sizes.of(reason) + Sizes.of(cause);
        for (Item item : items) {
            bytes += 32 + Sizes.of(item.id()) + Sizes.of(item.parentId()) + Sizes.of(item.name());
        }
        if (request != null) {
            bytes += Sizes.of(request.path()) + Sizes.of(request.userAgent()) + Sizes.of(request.operation());
        }
        boolean shared = false;
        for (Stored item : kept) {
            bytes += Sizes.of(item, shared);
            shared = true;
        }
        return bytes;
    }

    public enum Kind {
        SPANS, LOGS, METRICS, SEGMENT, ITEM,
        /** An API request answered with success (auth, queries, sampling rules, log groups…). */
        REQUEST,
        MALFORMED, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
        TIMEOUT, REJECTED, ERROR;

        /** The name in the live view and the JSONL file: {@code too-large}, {@code not-found}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Something the backends did not take: what the summary counts as malformed or refused. */
        public boolean refusal() {
            return ordinal() >= MALFORMED.ordinal();
        }

        /** The kind an HTTP error status stands for, when the endpoint named none. */
        public static Kind ofStatus(int status) {
            return switch (status) {
                case 400, 422 -> MALFORMED;
                case 401 -> UNAUTHORIZED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 405 -> METHOD_NOT_ALLOWED;
                case 408 -> TIMEOUT;
                case 413 -> TOO_LARGE;
                case 415 -> UNSUPPORTED_MEDIA_TYPE;
                default -> status >= 500 ? ERROR : status >= 400 ? REJECTED : REQUEST;
            };
        }
    }

    /** A span or segment inside the arrival: its id, its parent's, its name. */
    public record Item(String id, String parentId, String name) {
        private boolean long_() {
            return id != null && id.length() > MAX_TEXT || parentId != null && parentId.length() > MAX_TEXT
                    || name != null && name.length() > MAX_TEXT;
        }
    }

    /**
     * The request as far as it is safe to show: method, path without the query (a query may carry a
     * token), the HTTP status answered, the gRPC status (-1 when not gRPC), the API operation
     * ("GetSamplingRules", "" when the path says it) and the User-Agent. Never a header that could
     * hold a credential.
     */
    public record Request(String method, String path, int status, int grpcStatus, String operation, String userAgent) {
        public Request {
            path = cut(path);
            operation = cut(operation);
        }
    }

    /** Data the backends took: spans, log records, metrics, a segment, an item. */
    public static Arrival data(Kind kind, Source source, Instant time, String service, String name, String traceId,
                               List<Item> items, int count, long bytes, boolean probe) {
        return new Arrival(kind, source, time, service, name, traceId, items, count, bytes, probe, "", "", null);
    }

    /** Data the backends took, with the items it put in the store: what a JSONL line needs to be replayed. */
    public static Arrival data(Kind kind, Source source, Instant time, String service, String name, String traceId,
                               List<Item> items, int count, long bytes, boolean probe, List<? extends Stored> kept) {
        return new Arrival(kind, source, time, service, name, traceId, items, count, bytes, probe, "", "", null, kept);
    }

    /** Data refused without a request to answer (a datagram, one document of a batch). */
    public static Arrival malformed(Source source, Instant time, long bytes, String reason) {
        return new Arrival(Kind.MALFORMED, source, time, "", "", "", List.of(), 0, bytes, false, reason, "", null);
    }
}
