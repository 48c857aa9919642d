package io.tracecheck.otlp;

import java.nio.charset.StandardCharsets;

/**
 * Reads the partial success out of an OTLP/JSON ExportTraceServiceResponse: the whole document is
 * checked to be JSON (a foreign body reports nothing), only the two fields are kept, and nesting is
 * bounded as JSON parsers bound it, so a hostile body costs at most its own (already capped) length.
 */
final class PartialSuccessJson {
    /** Jackson's default nesting limit: a deeper document is refused, not recursed into. */
    private static final int MAX_DEPTH = 500;

    /** The body is not a JSON object of the expected shape. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private int position;
    private long rejected;
    private String message = "";
    /** Whether the camelCase spelling was seen, which then wins over the proto's field name, as in OTLP/JSON. */
    private boolean camelPartial;
    private boolean camelRejected;
    private boolean camelMessage;
    private Object partial;

    PartialSuccessJson(byte[] body) {
        this.text = new String(body, StandardCharsets.UTF_8);
    }

    PartialSuccess read() throws Unreadable {
        space();
        expect('{');
        readObject(0, TOP);
        // the last spelling of partialSuccess that was an object decides; anything else reports nothing
        return partial instanceof PartialSuccess found ? found : new PartialSuccess(0, "");
    }

    /** Which object is being read: the response, its partial success, or one to step over. */
    private static final int TOP = 0;
    private static final int PARTIAL = 1;
    private static final int SKIP = 2;

    /** The members of an object whose '{' was just read, each value read as the object's {@code kind} wants. */
    private void readObject(int depth, int kind) throws Unreadable {
        if (depth >= MAX_DEPTH) {
            throw new Unreadable();
        }
        space();
        if (peek() == '}') {
            position++;
            return;
        }
        while (true) {
            space();
            expect('"');
            String name = string();
            space();
            expect(':');
            space();
            switch (kind) {
                case TOP -> topField(name, depth + 1);
                case PARTIAL -> partialField(name, depth + 1);
                default -> skipValue(depth + 1);
            }
            space();
            char next = next();
            if (next == '}') {
                return;
            }
            if (next != ',') {
                throw new Unreadable();
            }
        }
    }

    private void topField(String name, int depth) throws Unreadable {
        boolean camel = name.equals("partialSuccess");
        if (!camel && !name.equals("partial_success")) {
            skipValue(depth);
            return;
        }
        Object value;
        if (peek() == '{') {
            position++;
            rejected = 0;
            message = "";
            camelRejected = false;
            camelMessage = false;
            readObject(depth, PARTIAL);
            value = new PartialSuccess(rejected, message);
        } else {
            skipValue(depth);
            value = null;
        }
        if (camel || !camelPartial) {
            partial = value;
            camelPartial |= camel;
        }
    }

    private void partialField(String name, int depth) throws Unreadable {
        boolean camel = name.equals("rejectedSpans");
        if (camel || name.equals("rejected_spans")) {
            long value = rejectedSpans(depth);
            if (camel || !camelRejected) {
                rejected = value;
                camelRejected |= camel;
            }
            return;
        }
        camel = name.equals("errorMessage");
        if (camel || name.equals("error_message")) {
            String value = errorMessage(depth);
            if (camel || !camelMessage) {
                message = value;
                camelMessage |= camel;
            }
            return;
        }
        skipValue(depth);
    }

    /** An int64 as OTLP/JSON writes it (a decimal string) or as a plain integer; null is zero. */
    private long rejectedSpans(int depth) throws Unreadable {
        char c = peek();
        if (c == '"') {
            position++;
            return Long.parseLong(string()); // a NumberFormatException reports nothing, as an unreadable body
        }
        if (c == 'n') {
            literal("null");
            return 0;
        }
        int start = position;
        skipValue(depth);
        return Long.parseLong(text.substring(start, position)); // a fraction or a non-number is unreadable
    }

    /** A string; a number or boolean as written; null, an object or an array as no message. */
    private String errorMessage(int depth) throws Unreadable {
        char c = peek();
        if (c == '"') {
            position++;
            return string();
        }
        int start = position;
        skipValue(depth);
        return c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ? text.substring(start, position) : "";
    }

    private void skipValue(int depth) throws Unreadable {
        char c = peek();
        switch (c) {
            case '{' -> {
                position++;
                readObject(depth, SKIP);
            }
            case '[' -> {
                position++;
                if (depth >= MAX_DEPTH) {
                    throw new Unreadable();
                }
                space();
                if (peek() == ']') {
                    position++;
                    return;
                }
                while (true) {
                    space();
                    skipValue(depth + 1);
                    space();
                    char next = next();
                    if (next == ']') {
                        return;
                    }
                    if (next != ',') {
                        throw new Unreadable();
                    }
                }
            }
            case '"' -> {
                position++;
                string();
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    /** A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() throws Unreadable {
        if (peekIs('-')) {
            position++;
        }
        if (peekIs('0')) {
            position++;
        } else {
            digits();
        }
        if (peekIs('.')) {
            position++;
            digits();
        }
        if (peekIs('e') || peekIs('E')) {
            position++;
            if (peekIs('+') || peekIs('-')) {
                position++;
            }
            digits();
        }
    }

    private void digits() throws Unreadable {
        int start = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        if (position == start) {
            throw new Unreadable();
        }
    }

    /** The rest of a string whose opening quote was just read, escapes decoded. */
    private String string() throws Unreadable {
        StringBuilder out = null;
        int start = position;
        while (true) {
            char c = next();
            if (c == '"') {
                return out == null ? text.substring(start, position - 1) : out.toString();
            }
            if (c < 0x20) {
                throw new Unreadable();
            }
            if (c != '\\') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder().append(text, start, position - 1);
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (position + 4 > text.length()) {
                        throw new Unreadable();
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(position++), 16);
                        if (digit < 0) {
                            throw new Unreadable();
                        }
                        code = code << 4 | digit;
                    }
                    out.append((char) code);
                }
                default -> throw new Unreadable();
            }
        }
    }

    private void literal(String word) throws Unreadable {
        if (!text.startsWith(word, position)) {
            throw new Unreadable();
        }
        position += word.length();
    }

    private void space() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private void expect(char wanted) throws Unreadable {
        if (next() != wanted) {
            throw new Unreadable();
        }
    }

    private char next() throws Unreadable {
        if (position >= text.length()) {
            throw new Unreadable();
        }
        return text.charAt(position++);
    }

    private char peek() throws Unreadable {
        if (position >= text.length()) {
            throw new Unreadable();
        }
        return text.charAt(position);
    }

    private boolean peekIs(char c) {
        return position < text.length() && text.charAt(position) == c;
    }
}
