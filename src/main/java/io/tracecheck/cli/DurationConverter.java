package io.tracecheck.cli;

import io.tracecheck.core.Durations;
import picocli.CommandLine;

import java.time.Duration;

/**
 * {@code --timeout 500ms|15s|2m}: a bad value is a usage error naming it. Every duration option is a
 * deadline or a run time, capped at {@link #MAX}: past that no socket or scheduler takes the value.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    static final Duration MAX = Duration.ofHours(24);

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (duration.compareTo(MAX) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too long: at most 24h");
        }
        return duration;
    }
}
