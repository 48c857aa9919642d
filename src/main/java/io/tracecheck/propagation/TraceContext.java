package io.tracecheck.propagation;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace context tracecheck sends as a browser's instrumentation would: a sampled W3C
 * {@code traceparent}, and the same ids as X-Ray's {@code X-Amzn-Trace-Id} for X-Ray SDK apps. The
 * trace id starts with the epoch seconds, as X-Ray's ids do, so X-Ray accepts it as its own.
 */
public record TraceContext(String traceId, String spanId) {
    private static final HexFormat HEX = HexFormat.of();

    public static TraceContext fresh(Instant now) {
        byte[] random = new byte[20];
        ThreadLocalRandom.current().nextBytes(random);
        String seconds = String.format("%08x", now.getEpochSecond() & 0xffffffffL);
        String rest = HEX.formatHex(random, 0, 12);
        return new TraceContext(seconds + rest, HEX.formatHex(random, 12, 20));
    }

    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** The trace id as X-Ray writes it: {@code 1-<8 hex seconds>-<24 hex>}. */
    public String xrayTraceId() {
        return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
    }

    public String xrayHeader() {
        return "Root=" + xrayTraceId() + ";Parent=" + spanId + ";Sampled=1";
    }
}
