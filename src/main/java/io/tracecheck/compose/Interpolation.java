package io.tracecheck.compose;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * docker compose's variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, {@code $$} for a literal dollar; defaults may themselves hold variables.
 * Records the variables referenced but unset, which compose replaces with an empty string.
 */
public final class Interpolation {
    private final Map<String, String> variables;
    private final Set<String> unset = new LinkedHashSet<>();

    public Interpolation(Map<String, String> variables) {
        this.variables = variables;
    }

    /** Names referenced with no value and no default: the container gets an empty string for them. */
    public Set<String> unset() {
        return Set.copyOf(unset);
    }

    public String apply(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw new InterpolationException("unclosed ${ in '" + text + "'");
                }
                out.append(braced(text.substring(i + 2, end)));
                i = end + 1;
            } else if (Character.isLetter(next) || next == '_') {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                out.append(lookup(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private String braced(String expression) {
        int op = 0;
        while (op < expression.length() && (Character.isLetterOrDigit(expression.charAt(op)) || expression.charAt(op) == '_')) {
            op++;
        }
        String name = expression.substring(0, op);
        if (name.isEmpty()) {
            throw new InterpolationException("invalid interpolation format for '${" + expression + "}'");
        }
        String rest = expression.substring(op);
        String value = variables.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (rest.isEmpty()) {
            return lookup(name);
        }
        if (rest.startsWith(":-")) {
            return nonEmpty ? value : apply(rest.substring(2));
        }
        if (rest.startsWith("-")) {
            return set ? value : apply(rest.substring(1));
        }
        if (rest.startsWith(":?")) {
            if (!nonEmpty) {
                throw new InterpolationException("required variable " + name + " is missing a value: " + apply(rest.substring(2)));
            }
            return value;
        }
        if (rest.startsWith("?")) {
            if (!set) {
                throw new InterpolationException("required variable " + name + " is missing a value: " + apply(rest.substring(1)));
            }
            return value;
        }
        if (rest.startsWith(":+")) {
            return nonEmpty ? apply(rest.substring(2)) : "";
        }
        if (rest.startsWith("+")) {
            return set ? apply(rest.substring(1)) : "";
        }
        throw new InterpolationException("invalid interpolation format for '${" + expression + "}'");
    }

    private String lookup(String name) {
        String value = variables.get(name);
        if (value == null) {
            unset.add(name);
            return "";
        }
        return value;
    }

    /** A reference compose refuses (a required variable unset, a malformed expression). */
    public static final class InterpolationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InterpolationException(String message) {
            super(message);
        }
    }
}
