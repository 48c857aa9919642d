package io.tracecheck.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker compose's interpolation rules, one row each. SET=value, EMPTY= (set, empty), UNSET absent. */
class InterpolationTest {
    private static final Map<String, String> VARIABLES = Map.of("SET", "value", "EMPTY", "");

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "${SET}                | value",
            "$SET                  | value",
            "${UNSET}              | ''",
            "${UNSET:-fallback}    | fallback",
            "${EMPTY:-fallback}    | fallback",
            "${EMPTY-fallback}     | ''",
            "${UNSET-fallback}     | fallback",
            "${SET:-fallback}      | value",
            "${SET:+alt}           | alt",
            "${EMPTY:+alt}         | ''",
            "${EMPTY+alt}          | alt",
            "${UNSET+alt}          | ''",
            "$$SET                 | $SET",
            "$${SET}               | ${SET}",
            "cost: $$5             | cost: $5",
            "${UNSET:-${SET}}      | value",
            "x-honeycomb-team=${SET} | x-honeycomb-team=value",
            "a $ b                 | a $ b"})
    void interpolatesLikeCompose(String text, String expected) {
        assertThat(new Interpolation(VARIABLES).apply(text.strip())).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void unsetReferencesAreRecordedButDefaultedOnesAreNot() {
        Interpolation interpolation = new Interpolation(VARIABLES);
        interpolation.apply("${A} $B ${C:-x} ${D-y} ${SET}");
        assertThat(interpolation.unset()).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void requiredVariablesAndBadSyntaxAreRefused() {
        assertThatThrownBy(() -> new Interpolation(VARIABLES).apply("${UNSET:?set the key}"))
                .hasMessageContaining("required variable UNSET is missing a value: set the key");
        assertThatThrownBy(() -> new Interpolation(VARIABLES).apply("${EMPTY:?needed}")).hasMessageContaining("EMPTY");
        assertThat(new Interpolation(VARIABLES).apply("${EMPTY?needed}")).isEmpty();
        assertThatThrownBy(() -> new Interpolation(VARIABLES).apply("${SET")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> new Interpolation(VARIABLES).apply("${}")).hasMessageContaining("invalid interpolation");
    }
}
