package io.tracecheck.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dotenv file, read the way docker compose and python-dotenv read it: comments, blank lines,
 * an optional {@code export } prefix, single quotes literal, double quotes with escapes and line
 * breaks. {@code ${VAR}} is kept as written: expansion is the app's business, and an unexpanded
 * placeholder is exactly what the env check wants to see.
 */
public final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final long MAX_BYTES = 1 << 20;

    private EnvFile() {
    }

    public static Map<String, String> read(Path path) {
        byte[] bytes;
        try {
            bytes = RegularFile.read(path, MAX_BYTES);
        } catch (RegularFile.Refused refused) {
            throw new EnvFileException(path.toString().isEmpty() ? Path.of("''") : path, 0,
                    refused.getMessage().startsWith("larger") ? refused.getMessage() + "; not an env file" : refused.getMessage());
        }
        return parse(path, decode(path, bytes));
    }

    private static String decode(Path path, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw new EnvFileException(path, lineOf(text, nul), "NUL byte: this is not a text file");
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new EnvFileException(path, firstBadLine(bytes), "not UTF-8 text (binary data?)");
        }
    }

    private static int firstBadLine(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static Map<String, String> parse(Path path, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new EnvFileException(path, lineNumber, "no '=' on this line: expected NAME=value");
            }
            String name = line.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                throw new EnvFileException(path, lineNumber, "not a valid variable name before '='");
            }
            String rest = line.substring(eq + 1).stripLeading();
            if (rest.startsWith("\"") || rest.startsWith("'")) {
                char quote = rest.charAt(0);
                StringBuilder value = new StringBuilder();
                int startLine = lineNumber;
                String current = rest.substring(1);
                while (true) {
                    int close = closingQuote(current, quote);
                    if (close >= 0) {
                        value.append(quote == '"' ? unescape(current.substring(0, close)) : current.substring(0, close));
                        String after = current.substring(close + 1).strip();
                        if (!after.isEmpty() && !after.startsWith("#")) {
                            throw new EnvFileException(path, lineNumber,
                                    "unexpected text after the closing quote of " + name);
                        }
                        break;
                    }
                    value.append(quote == '"' ? unescape(current) : current).append('\n');
                    i++;
                    lineNumber = i + 1;
                    if (i >= lines.length) {
                        throw new EnvFileException(path, startLine,
                                "unterminated " + (quote == '"' ? "double" : "single") + " quote: the value of " + name
                                        + " opens here and is never closed");
                    }
                    current = lines[i];
                }
                values.put(name, value.toString());
            } else {
                int comment = rest.indexOf(" #");
                String value = comment >= 0 ? rest.substring(0, comment) : rest;
                values.put(name, value.strip());
            }
        }
        return values;
    }

    private static int closingQuote(String text, char quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '"', '\\', '$' -> out.append(next);
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A file that cannot be used, named with the line at fault (0 when the whole file is). */
    public static final class EnvFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public EnvFileException(Path path, int line, String problem) {
            super(path + (line > 0 ? ":" + line : "") + ": " + problem);
        }
    }
}
