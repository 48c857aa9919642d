package io.tracecheck.xray;

import io.tracecheck.core.Fixes;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The informational line on X-Ray's successor path: which path the app is set up for, and for the
 * X-Ray SDK and daemon, when their support ends and what the OTLP path needs in this account. It
 * never changes the exit code (severity INFO), not even with --strict.
 */
final class MigrationReport {
    /** Per AWS's X-Ray documentation: SDKs and daemon in maintenance from 2026-02-25, end of support 2027-02-25. */
    static final LocalDate MAINTENANCE = LocalDate.of(2026, 2, 25);
    static final LocalDate END_OF_SUPPORT = LocalDate.of(2027, 2, 25);

    private MigrationReport() {
    }

    /**
     * {@code destination}: what GetTraceSegmentDestination answered ("CloudWatchLogs, ACTIVE"), when this
     * run read it; {@code otlpEndpoint}: where the app exports OTLP, for the OTLP path.
     */
    static Problem of(XrayCheck.Via via, Settings settings, Optional<String> region, Optional<String> account,
                      Optional<String> destination, URI otlpEndpoint) {
        if (via == XrayCheck.Via.otlp) {
            return Problem.of(ProblemCode.XRAY_MIGRATION, "set up for OTLP to X-Ray (" + otlpEndpoint + "), the path AWS "
                            + "recommends after the X-Ray SDK and daemon (end of support " + END_OF_SUPPORT + "): nothing to migrate",
                    "tracecheck explain xray.migration  # the whole story of X-Ray's successor path")
                    .headed("set up for OTLP to X-Ray");
        }
        String path = via == XrayCheck.Via.daemon ? "the X-Ray SDK and daemon" : "the X-Ray API (PutTraceSegments)";
        boolean on = destination.map(d -> d.startsWith("CloudWatchLogs") && d.endsWith("ACTIVE")).orElse(false);
        String state = destination.map(d -> "Transaction Search is " + (on ? "on" : "off") + " in " + region.orElse("the region")
                + " (segment destination " + d + ")").orElse("Transaction Search's state was not read (aws xray "
                + "get-trace-segment-destination shows it)");
        String url = region.map(r -> "https://xray." + r + ".amazonaws.com" + (r.startsWith("cn-") ? ".cn" : "") + "/v1/traces")
                .orElse("the region's OTLP traces endpoint");
        String message = "set up for " + path + ": the X-Ray SDKs and daemon are in maintenance since " + MAINTENANCE
                + " and reach end of support on " + END_OF_SUPPORT + ". The OTLP path in this account: " + state
                + "; the credentials need xray:PutSpans; an OpenTelemetry SDK needs OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=" + url
                + ", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf and a SigV4-signing exporter, or a collector or the "
                + "CloudWatch agent in between that signs";
        String fix;
        if (destination.isPresent() && !on && region.isPresent()) {
            fix = OtlpPath.enableCommand(region.get(), account) + "  # turns Transaction Search on; then tracecheck xray "
                    + "--via otlp --verify";
        } else if (region.isPresent()) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.name(), url);
            values.put(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL.name(), "http/protobuf");
            fix = "tracecheck xray --via otlp --verify  # tries the OTLP path from here; for the app: "
                    + new Fixes(settings).set(values) + "  # with a SigV4-signing exporter, or the collector in between";
        } else {
            fix = "tracecheck explain xray.migration  # the whole story of X-Ray's successor path";
        }
        return Problem.of(ProblemCode.XRAY_MIGRATION, message, fix)
                .headed("set up for " + path + ", end of support " + END_OF_SUPPORT);
    }
}
