package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {
    @Test
    void masksToAShortPrefixAndTheLength() {
        assertThat(Secret.of("hcaik_0123456789abcdef").toString()).isEqualTo("hcai…(22 chars)");
        assertThat(Secret.of("abcdefgh").masked()).isEqualTo("ab…(8 chars)");
        assertThat(Secret.of("abc").masked()).isEqualTo("…(3 chars)");
        assertThat(Secret.of(" \"quoted-secret-value\"").masked()).isEqualTo("…(22 chars)");
        assertThat(String.valueOf(Secret.of("s3cr3t-value-xyz"))).doesNotContain("s3cr3t-value-xyz");
    }

    @Test
    void redactorCatchesWholeValuesAndHeaderParts() {
        Redactor redactor = new Redactor();
        redactor.register(Settings.of(java.util.Map.of(
                "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=abcdef123456,authorization=Bearer%20tok-987654",
                "ROLLBAR_ACCESS_TOKEN", "${ROLLBAR_ACCESS_TOKEN}",
                "OTEL_SERVICE_NAME", "visible-service")));
        String text = redactor.redact("sent abcdef123456 and tok-987654 to visible-service as x-honeycomb-team "
                + "with ${ROLLBAR_ACCESS_TOKEN}");
        assertThat(text).doesNotContain("abcdef123456").doesNotContain("tok-987654")
                .contains("visible-service").contains("x-honeycomb-team").contains("${ROLLBAR_ACCESS_TOKEN}");
    }

    @Test
    void durationsParseAsUsersTypeThem() {
        assertThat(Durations.parse("500ms")).hasMillis(500);
        assertThat(Durations.parse("15s")).hasSeconds(15);
        assertThat(Durations.parse("2m")).hasMinutes(2);
        assertThat(Durations.parse("1m30s")).hasSeconds(90);
        for (String bad : new String[] {"", "15", "5x", "-1s", "0s", "1.5s", "s"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
