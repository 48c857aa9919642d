package io.tracecheck.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Shape rules every configuration value shares: copy-paste whitespace and quotes, unexpanded
 * placeholders. They look at raw text and never return it, so secrets stay inside.
 */
public final class ValueShape {
    private static final Pattern BRACED_VAR = Pattern.compile("\\$\\{[^}]*}");
    private static final Pattern BARE_VAR = Pattern.compile("\\$[A-Z_][A-Z0-9_]*");
    private static final Pattern ANGLE = Pattern.compile("<[^<>]{1,60}>");
    private static final Pattern DUMMY = Pattern.compile(
            "(?i)(changeme|change[-_ ]me|replace[-_ ]?me|todo|tbd|fixme|placeholder|dummy|x{3,}|\\*{3,}|\\.{3}|"
                    + "your[-_ ]?(api[-_ ]?)?(key|token|secret)([-_ ]?here)?|(api[-_ ]?)?(key|token|secret)[-_ ]?here|"
                    + "insert[-_ ].*|paste[-_ ].*)");

    /** Keys and tokens: 16 or more characters of the alphabets keys use, letters and digits mixed. */
    private static final Pattern SECRET_LIKE = Pattern.compile("(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9_+=-][A-Za-z0-9_+/=-]{15,}");

    private ValueShape() {
    }

    /**
     * Whether a word nobody declared a secret may be one all the same: a key typed at the wrong
     * option or in the wrong place. Paths, URLs, durations and option names do not match.
     */
    public static boolean looksLikeSecret(String raw) {
        return raw != null && SECRET_LIKE.matcher(clean(raw)).matches();
    }

    /** What is wrong with surrounding characters, if anything ("a trailing newline", "wrapping quotes"…). */
    public static Optional<String> whitespaceIssue(String raw) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.endsWith("\n") || raw.endsWith("\r")) {
            return Optional.of("a trailing newline");
        }
        if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
            return Optional.of("a line break inside");
        }
        if (Character.isWhitespace(raw.charAt(0))) {
            return Optional.of("leading whitespace");
        }
        if (Character.isWhitespace(raw.charAt(raw.length() - 1))) {
            return Optional.of("trailing whitespace");
        }
        if (raw.length() >= 2 && isQuote(raw.charAt(0)) && raw.charAt(raw.length() - 1) == raw.charAt(0)) {
            return Optional.of("wrapping quotes (" + raw.charAt(0) + "…" + raw.charAt(0) + ")");
        }
        return Optional.empty();
    }

    /** The placeholder a value is or contains, described without the rest of the value. */
    public static Optional<String> placeholder(String raw) {
        String value = clean(raw);
        var braced = BRACED_VAR.matcher(value);
        if (braced.find()) {
            return Optional.of(braced.group());
        }
        // A bare $VAR or <your-key> only counts as the whole value: real secrets may hold '$' or '<'.
        if (BARE_VAR.matcher(value).matches() || ANGLE.matcher(value).matches() || DUMMY.matcher(value).matches()) {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    /** True when the whole value is a placeholder, which is safe to print even for a secret variable. */
    public static boolean isOnlyPlaceholder(String raw) {
        String value = clean(raw);
        return placeholder(value).filter(value::equals).isPresent();
    }

    /** The value as the user meant it: no surrounding whitespace, no wrapping quotes. */
    public static String clean(String raw) {
        String value = raw.strip();
        while (value.length() >= 2 && isQuote(value.charAt(0)) && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }
}
