package io.tracecheck.listen;

import java.time.Instant;

/** A CloudWatch Logs event as PutLogEvents stored it. */
public record StoredLogEvent(Instant receivedAt, Source source, String group, String stream, long timestamp,
                             long ingestionTime, String message) implements Stored {
}
