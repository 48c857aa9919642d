package io.tracecheck.core;

/** A JSON string literal written by hand, for the few places that write JSON without a library. */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends {@code text} as a JSON string: quotes, backslashes and control characters escaped, and
     * U+2028/U+2029 too (valid JSON, but line breaks to a JavaScript reader); everything else as it is.
     */
    public static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u");
                        for (int shift = 12; shift >= 0; shift -= 4) {
                            out.append(Character.forDigit((c >> shift) & 0xF, 16));
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
