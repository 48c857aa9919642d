package io.tracecheck.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users type them: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code 1m30s}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 15s, 2m");
        }
        Matcher matcher = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = matcher.end();
        }
        if (end != value.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 15s, 2m");
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is zero: a deadline must be positive");
        }
        return total;
    }

    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            // seconds to one decimal, half up, as "%.1fs" would print them, without loading the
            // Formatter and its locale data: every check's deadline is labelled with this at start
            long tenths = (millis + 50) / 100;
            return tenths / 10 + "." + tenths % 10 + "s";
        }
        return (millis / 60_000) + "m" + (millis % 60_000) / 1000 + "s";
    }
}
