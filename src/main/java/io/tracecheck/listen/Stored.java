package io.tracecheck.listen;

import java.time.Instant;

/** One item the store keeps: a span, a log record, a metric batch an X-Ray segment or a Rollbar item. */
public sealed interface Stored permits StoredSpan, StoredLogRecord, StoredSegment, StoredMetrics, StoredRollbarItem, StoredLogEvent {
    Instant receivedAt();

    Source source();
}
