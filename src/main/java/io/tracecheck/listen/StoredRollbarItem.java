package io.tracecheck.listen;

import java.time.Instant;
import java.util.Map;

/** A Rollbar item (occurrence) as posted to the item API: its uuid, environment, title, level and data. */
public record StoredRollbarItem(Instant receivedAt, Source source, long id, String uuid, String environment,
                                String title, String level, Map<String, Object> data) implements Stored {
}
