package io.tracecheck.listen;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Request bodies: size-limited reads and Content-Encoding, with the limit applied after decompression too. */
public final class Bodies {
    private Bodies() {
    }

    public static byte[] readAtMost(InputStream in, long limit) throws IOException {
        return readAtMost(in, limit, null);
    }

    /**
     * Reads at most {@code limit} bytes, reserving them in {@code account} as they come; a full
     * budget throws {@link MemoryBudget.Exhausted}.
     */
    static byte[] readAtMost(InputStream in, long limit, MemoryBudget.Account account) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
        byte[] chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(chunk)) >= 0) {
            total += read;
            if (total > limit) {
                throw new HttpExchange.BodyTooLarge(-1, limit);
            }
            if (account != null && !account.tryReserve(read)) {
                throw new MemoryBudget.Exhausted();
            }
            out.write(chunk, 0, read);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a body by its Content-Encoding (none, identity, gzip, deflate). A compression bomb
     * stops at the limit; a body that does not decode throws {@link IllegalArgumentException}.
     */
    public static byte[] decode(byte[] body, String encoding, long limit) throws IOException {
        return decode(body, encoding, limit, null);
    }

    /** As {@link #decode(byte[], String, long)}, decompressing within the in-flight budget. */
    public static byte[] decode(byte[] body, String encoding, long limit, MemoryBudget.Account account) throws IOException {
        String name = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        try {
            return switch (name) {
                case "", "identity" -> body;
                case "gzip", "x-gzip" -> readAtMost(new GZIPInputStream(new ByteArrayInputStream(body)), limit, account);
                case "deflate" -> readAtMost(new InflaterInputStream(new ByteArrayInputStream(body)), limit, account);
                default -> throw new UnsupportedEncoding(name);
            };
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException("the body is not valid " + name + " data (" + e.getMessage() + ")");
        }
    }

    /** A Content-Encoding tracecheck does not decode. */
    public static final class UnsupportedEncoding extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedEncoding(String name) {
            super("Content-Encoding '" + name + "' is not supported; use gzip, deflate or none");
        }
    }
}
