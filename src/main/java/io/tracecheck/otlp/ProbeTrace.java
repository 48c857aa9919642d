package io.tracecheck.otlp;

import io.opentelemetry.sdk.common.internal.OtelVersion;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The probe trace: a root span and one child, labelled {@code tracecheck.probe=true} and
 * {@code tracecheck.run_id}, under the app's service name, encoded as an OTLP
 * ExportTraceServiceRequest (protobuf or JSON) the way the OpenTelemetry Java SDK's exporter encodes
 * it: the SDK's default resource, its span order (the child ends first), its span flags.
 * <p>
 * Made by hand rather than by the SDK, whose tracer provider, {@code Resource} and marshaler cost a
 * check ~700 classes and 40-60 ms at start (docs/decisions.md, "Startup"); ProbeTraceTest holds the
 * encoding to what the SDK's own marshaler produces for the same spans.
 */
public final class ProbeTrace {
    /**
     * The OpenTelemetry SDK the project builds against: a compile-time constant, inlined by javac, so
     * nothing of the SDK is loaded to know it. The resource's telemetry.sdk.version and the User-Agent.
     */
    static final String SDK_VERSION = OtelVersion.VERSION;
    static final String SCOPE = "tracecheck";
    static final String ROOT_NAME = "tracecheck probe";
    static final String CHILD_NAME = "tracecheck probe child";
    /** OTLP's SpanKind numbers. */
    static final int KIND_INTERNAL = 1;
    static final int KIND_SERVER = 2;
    /**
     * OTLP span flags as the SDK writes them: W3C sampled (0x01) and random trace id (0x02), and
     * "whether the parent is remote is known" (0x100) with "remote" (0x200) unset.
     */
    static final int FLAGS = 0x103;

    /** One span of the probe; ids in lowercase hex, times in nanoseconds since the epoch. */
    record Span(String traceId, String spanId, String parentSpanId, String name, int kind, long startNanos, long endNanos) {
    }

    private final String serviceName;
    private final String runId;
    /** In the order the SDK exports them: the child (ended first), then the root. */
    private final List<Span> spans;

    private ProbeTrace(String serviceName, String runId, List<Span> spans) {
        this.serviceName = serviceName;
        this.runId = runId;
        this.spans = spans;
    }

    public static ProbeTrace create(String serviceName, String runId) {
        // ids need to be unique, not secret: ThreadLocalRandom, as the SDK's own id generator uses
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String traceId = hex(random.nextLong()) + hex(nonZero(random));
        String rootId = hex(nonZero(random));
        String childId = hex(nonZero(random));
        // the wall clock read once, then the monotonic clock from there, as the SDK's anchored clock does
        Instant now = Instant.now();
        long anchor = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long anchorTicks = System.nanoTime();
        long rootStart = anchor;
        long childStart = anchor + (System.nanoTime() - anchorTicks);
        long childEnd = anchor + (System.nanoTime() - anchorTicks);
        long rootEnd = anchor + (System.nanoTime() - anchorTicks);
        return new ProbeTrace(serviceName, runId, List.of(
                new Span(traceId, childId, rootId, CHILD_NAME, KIND_INTERNAL, childStart, childEnd),
                new Span(traceId, rootId, "", ROOT_NAME, KIND_SERVER, rootStart, rootEnd)));
    }

    private static long nonZero(ThreadLocalRandom random) {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return id;
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    public String traceId() {
        return spans.get(0).traceId();
    }

    public Instant start() {
        long start = Long.MAX_VALUE;
        for (Span span : spans) {
            start = Math.min(start, span.startNanos());
        }
        return Instant.ofEpochSecond(0, start);
    }

    public Instant end() {
        long end = 0;
        for (Span span : spans) {
            end = Math.max(end, span.endNanos());
        }
        return Instant.ofEpochSecond(0, end);
    }

    /** The version of the OpenTelemetry SDK whose encoding the probe follows, as its resource says (telemetry.sdk.version). */
    public String sdkVersion() {
        return SDK_VERSION;
    }

    public int spanCount() {
        return spans.size();
    }

    List<Span> spans() {
        return spans;
    }

    /** The resource's attributes, sorted by key as the SDK keeps them: its default resource with the service name. */
    List<String[]> resource() {
        return List.of(new String[] {"service.name", serviceName}, new String[] {"telemetry.sdk.language", "java"},
                new String[] {"telemetry.sdk.name", "opentelemetry"}, new String[] {"telemetry.sdk.version", SDK_VERSION});
    }

    String runId() {
        return runId;
    }

    public byte[] protobuf() {
        return ProbeEncoding.protobuf(this);
    }

    public byte[] json() {
        return ProbeEncoding.json(this).getBytes(StandardCharsets.UTF_8);
    }
}
