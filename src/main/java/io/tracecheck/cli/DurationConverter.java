package io.tracecheck.cli;

import io.tracecheck.core.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** {@code --timeout 500ms|15s|2m}: a bad value is a usage error naming it. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
