package io.tracecheck.listen;

import java.time.Instant;

/** One item the store keeps: a span, a log record, a metric batch or an X-Ray segment. */
public sealed interface Stored permits StoredSpan, StoredLogRecord, StoredSegment, StoredMetrics {
    Instant receivedAt();

    Source source();
}
