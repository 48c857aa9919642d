package io.tracecheck.core;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A key, token or secret. It never prints itself unmasked: {@link #toString()} gives the
 * masked form, and the raw value leaves only through {@link #reveal()}, which is meant for
 * the wire (a header, a signature) and for shape checks.
 */
public final class Secret {
    private static final int MAX_PREFIX = 4;

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The raw value. Call it only to send it or to test its shape, never to print it. */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    public boolean test(Predicate<String> shape) {
        return shape.test(value);
    }

    /** The same secret without surrounding whitespace and wrapping quotes. */
    public Secret cleaned() {
        return new Secret(ValueShape.clean(value));
    }

    public boolean sameValueAs(Secret other) {
        return other != null && value.equals(other.value);
    }

    /** At most a four-character prefix, and the length: {@code hcai…(64 chars)}. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String raw) {
        int prefix = Math.min(MAX_PREFIX, raw.length() / 4);
        String visible = raw.substring(0, prefix);
        // A prefix made of whitespace or quotes would be unreadable; show none then.
        if (!visible.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            visible = "";
        }
        return visible + "…(" + raw.length() + " chars)";
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
