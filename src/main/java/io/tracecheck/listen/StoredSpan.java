package io.tracecheck.listen;

import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

import java.time.Instant;
import java.util.Map;

/**
 * A span as received over OTLP, with its resource, and the Honeycomb environment and dataset it
 * landed in. Ids are lower-case hex, as OTLP JSON and every tracing UI write them.
 */
public record StoredSpan(Instant receivedAt, Source source, String service, String traceId, String spanId,
                         String parentSpanId, String name, Map<String, String> attributes, Resource resource,
                         Span span, String environment, String dataset) implements Stored {

    public double durationMs() {
        return (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000.0;
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    /** Carries {@code tracecheck.probe=true}: a test artifact sent by tracecheck. */
    public boolean probe() {
        return "true".equals(attributes.get("tracecheck.probe"));
    }
}
