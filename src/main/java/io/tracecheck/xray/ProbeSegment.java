package io.tracecheck.xray;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The probe segment: named after the service, annotated {@code tracecheck_probe=true} and
 * {@code tracecheck_run_id} (X-Ray annotation keys allow no dots), with a trace id whose first part
 * is the start time, as X-Ray requires.
 */
public record ProbeSegment(String traceId, String id, String name, String document) {

    static ProbeSegment create(String service, String runId, Instant now) {
        HexFormat hex = HexFormat.of();
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        byte[] segmentId = new byte[8];
        ThreadLocalRandom.current().nextBytes(segmentId);
        // the epoch second in hex, at least eight digits ("%08x" without loading the Formatter)
        String seconds = Long.toHexString(now.getEpochSecond());
        String traceId = "1-" + "0".repeat(Math.max(0, 8 - seconds.length())) + seconds + "-" + hex.formatHex(random);
        String id = hex.formatHex(segmentId);
        double start = now.toEpochMilli() / 1000.0;
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", service);
        document.put("id", id);
        document.put("trace_id", traceId);
        document.put("start_time", start);
        document.put("end_time", start + 0.002);
        document.put("origin", "tracecheck");
        document.put("annotations", Map.of("tracecheck_probe", true, "tracecheck_run_id", runId));
        document.put("metadata", Map.of("tracecheck", Map.of("probe", true, "run_id", runId)));
        try {
            return new ProbeSegment(traceId, id, service, JSON.std.asString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The datagram the X-Ray daemon expects: its header line, a newline, the document. */
    byte[] datagram() {
        return ("{\"format\": \"json\", \"version\": 1}\n" + document).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
