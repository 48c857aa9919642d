package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations.format prints seconds without the Formatter; every value it prints must read as "%.1fs" did. */
class DurationsFormatTest {
    @Test
    void secondsReadAsTheFormatterPrintedThem() {
        for (long millis = 1000; millis < 60_000; millis++) {
            assertThat(Durations.format(Duration.ofMillis(millis)))
                    .as("%d ms", millis)
                    .isEqualTo(String.format(Locale.ROOT, "%.1fs", millis / 1000.0));
        }
    }

    @Test
    void millisAndMinutesKeepTheirForm() {
        assertThat(Durations.format(Duration.ofMillis(999))).isEqualTo("999ms");
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10.0s");
        assertThat(Durations.format(Duration.ofMillis(59_950))).isEqualTo("60.0s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }
}
