package io.tracecheck.listen;

import java.time.Instant;
import java.util.Map;

/**
 * An X-Ray segment (or independent subsegment) document, kept as parsed JSON so the X-Ray API can
 * return it as it was sent.
 */
public record StoredSegment(Instant receivedAt, Source source, String traceId, String id, String name,
                            String parentId, String document, Map<String, Object> fields) implements Stored {

    /** Annotated {@code tracecheck_probe=true} (X-Ray annotation keys allow no dots). */
    public boolean probe() {
        Object annotations = fields.get("annotations");
        return annotations instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("tracecheck_probe"))
                || annotations instanceof Map<?, ?> text && "true".equals(text.get("tracecheck_probe"));
    }
}
