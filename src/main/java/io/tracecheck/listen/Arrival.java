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

    public Arrival {
        kept = kept == null ? List.of() : kept;
    }

    /** An arrival that keeps nothing (a refusal, a request answered). */
    public Arrival(Kind kind, Source source, Instant time, String service, String name, String traceId,
                   List<Item> items, int count, long bytes, boolean probe, String reason, String cause,
                   Request request) {
        this(kind, source, time, service, name, traceId, items, count, bytes, probe, reason, cause, request, List.of());
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
    }

    /**
     * The request as far as it is safe to show: method, path without the query (a query may carry a
     * token), the HTTP status answered, the gRPC status (-1 when not gRPC), the API operation
     * ("GetSamplingRules", "" when the path says it) and the User-Agent. Never a header that could
     * hold a credential.
     */
    public record Request(String method, String path, int status, int grpcStatus, String operation, String userAgent) {
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
