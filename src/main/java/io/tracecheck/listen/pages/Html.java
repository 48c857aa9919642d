package io.tracecheck.listen.pages;

import java.nio.charset.StandardCharsets;

/**
 * The one way the pages write HTML: every string that came from an app (span names, services,
 * attributes, paths, reasons) goes through {@link #text} or {@link #attr}, so it is shown as text
 * and never read as markup. Only the pages' own constant markup is appended raw.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    /** Appends the pages' own markup, never anything an app sent. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends untrusted text for an element's content. */
    Html text(String untrusted) {
        escape(untrusted, out);
        return this;
    }

    /** Appends {@code name="value"} with an untrusted value, always double-quoted. */
    Html attr(String name, String untrusted) {
        out.append(' ').append(name).append("=\"");
        escape(untrusted, out);
        out.append('"');
        return this;
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** The text safe in element content and in quoted attribute values alike. */
    static String escape(String untrusted) {
        StringBuilder out = new StringBuilder();
        escape(untrusted, out);
        return out.toString();
    }

    private static void escape(String untrusted, StringBuilder out) {
        if (untrusted == null) {
            return;
        }
        for (int i = 0; i < untrusted.length(); i++) {
            char c = untrusted.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> {
                    // control characters (NUL, escape sequences) are not text; show a replacement instead
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /**
     * A path segment percent-encoded, for a link to a trace whose id came from an app: nothing but
     * unreserved characters stays as it is, so the id cannot leave the segment or the attribute.
     */
    static String pathSegment(String untrusted) {
        StringBuilder out = new StringBuilder();
        for (byte b : untrusted.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
