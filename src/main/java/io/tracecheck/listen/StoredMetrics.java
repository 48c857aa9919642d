package io.tracecheck.listen;

import java.time.Instant;

/** An OTLP metrics export: counted, not kept point by point. */
public record StoredMetrics(Instant receivedAt, Source source, String service, int dataPoints) implements Stored {
}
