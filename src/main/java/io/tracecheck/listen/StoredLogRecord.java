package io.tracecheck.listen;

import java.time.Instant;

/** An OTLP log record, kept for the live view and the counts. */
public record StoredLogRecord(Instant receivedAt, Source source, String service, String traceId, String severity,
                              String body) implements Stored {
}
