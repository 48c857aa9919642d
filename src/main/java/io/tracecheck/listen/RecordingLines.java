package io.tracecheck.listen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a recording, each at most {@code limit} bytes: a longer line is read through to its
 * end and reported as too long, its bytes never held, so a file without a newline (or a hostile
 * one) costs time, not memory.
 */
final class RecordingLines {
    /** One line without its line ending, or, when {@code tooLong}, only its number. */
    record Line(long number, byte[] bytes, boolean tooLong) {
    }

    private final InputStream in;
    private final int limit;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int length;
    private long number;
    private boolean ended;

    RecordingLines(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        if (ended) {
            return null;
        }
        line.reset();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == length) {
                length = in.read(buffer);
                position = 0;
                if (length <= 0) {
                    length = 0;
                    ended = true;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            while (position < length && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (!tooLong && line.size() + chunk > limit) {
                tooLong = true;
                line.reset();
            }
            if (!tooLong) {
                line.write(buffer, start, chunk);
            }
            if (position < length) {
                position++; // the newline
                break;
            }
        }
        number++;
        if (tooLong) {
            return new Line(number, new byte[0], true);
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        int begin = number == 1 && end >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0; // a byte-order mark some editors write
        return new Line(number, begin == 0 && end == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, begin, end), false);
    }
}
