package io.tracecheck.trace;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trace id in any form a user pastes, kept as OpenTelemetry's 32 lower-case hex digits: the id
 * itself ({@code 4bf92f35…}), an X-Ray id ({@code 1-5f84c7a2-3a6d0e4b…}: the same 128 bits, the
 * first 8 digits being the start time), an {@code X-Amzn-Trace-Id} header ({@code Root=1-…;Parent=…}),
 * a W3C {@code traceparent} ({@code 00-<id>-<span>-01}) or a UUID-style id with dashes. Each backend
 * is asked in its own form: {@link #hex()} for OTLP and Honeycomb, {@link #xray()} for X-Ray.
 */
public record TraceId(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern XRAY = Pattern.compile("1-([0-9a-f]{8})-([0-9a-f]{24})");
    private static final Pattern ROOT = Pattern.compile("(?:^|;)\\s*root=([^;]+)");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern UUID = Pattern.compile("([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})");

    public TraceId {
        if (hex == null || !HEX.matcher(hex).matches() || hex.chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("not a trace id: " + hex);
        }
    }

    /** The id in {@code text}, or empty when it is none of the forms above (an all-zero id is invalid everywhere). */
    public static Optional<TraceId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip().replaceAll("^[\"'<]+|[\"'>]+$", "").strip().toLowerCase(Locale.ROOT);
        Matcher root = ROOT.matcher(value);
        if (root.find()) {
            value = root.group(1).strip();
        }
        String hex = null;
        Matcher m;
        if (HEX.matcher(value).matches()) {
            hex = value;
        } else if ((m = XRAY.matcher(value)).matches()) {
            hex = m.group(1) + m.group(2);
        } else if ((m = TRACEPARENT.matcher(value)).matches()) {
            hex = m.group(1);
        } else if ((m = UUID.matcher(value)).matches()) {
            hex = m.group(1) + m.group(2) + m.group(3) + m.group(4) + m.group(5);
        }
        return hex == null || hex.chars().allMatch(c -> c == '0') ? Optional.empty() : Optional.of(new TraceId(hex));
    }

    /** X-Ray's form of the same id: {@code 1-<8 digits>-<24 digits>}. */
    public String xray() {
        return "1-" + hex.substring(0, 8) + "-" + hex.substring(8);
    }

    @Override
    public String toString() {
        return hex;
    }
}
