package io.tracecheck.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One span of a trace as every source tells it: an OTLP span, an X-Ray segment or subsegment, a
 * Honeycomb event. Ids are as the source writes them (lower-case hex for OTLP and Honeycomb, X-Ray's
 * own for segments); {@code parentId} is empty for a root. {@code attributes} use OpenTelemetry's
 * names where the source has an equivalent ({@code http.method}, {@code http.route},
 * {@code http.status_code}, {@code db.statement}), so renderers pick key attributes one way.
 * {@code origin} says where the span was read ("otlp/http", "xray/udp", "honeycomb"…). An attribute
 * that names a credential is masked here, for every view of the trace.
 */
public record TraceSpan(String traceId, String spanId, String parentId, String service, String name,
                        Instant start, Instant end, boolean error, Map<String, String> attributes, String origin) {

    public TraceSpan {
        parentId = parentId == null ? "" : parentId;
        service = service == null ? "" : service;
        name = name == null ? "" : name;
        end = end == null || end.isBefore(start) ? start : end;
        attributes = attributes == null ? Map.of() : Map.copyOf(CredentialAttributes.masked(attributes));
        origin = origin == null ? "" : origin;
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public boolean root() {
        return parentId.isEmpty();
    }
}
