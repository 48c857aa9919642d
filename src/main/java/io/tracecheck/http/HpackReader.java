package io.tracecheck.http;

import org.eclipse.jetty.http.compression.EncodingException;
import org.eclipse.jetty.http.compression.HuffmanDecoder;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HPACK (RFC 7541) for the header blocks of an HTTP/2 answer: the static and dynamic tables,
 * prefixed integers and string literals, written here because Jetty's full decoder costs about
 * 100 ms of class initialisation in a cold JVM; Huffman-coded strings still go to Jetty's
 * {@link HuffmanDecoder}, a table-driven class that loads in a few milliseconds.
 */
final class HpackReader {
    /** Appendix A of RFC 7541: index 1 is the first row. */
    static final String[][] STATIC_TABLE = {
        {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
        {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
        {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
        {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""}, {"cache-control", ""},
        {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
        {"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""}, {"date", ""},
        {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""}, {"if-match", ""},
        {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""}, {"if-unmodified-since", ""},
        {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""}, {"proxy-authenticate", ""},
        {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""}, {"retry-after", ""},
        {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""}, {"transfer-encoding", ""},
        {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
    };
    /** SETTINGS_HEADER_TABLE_SIZE as we leave it: the protocol's default. */
    static final int TABLE_SIZE = 4096;
    /** RFC 7541 §4.1: an entry's size is its name and value plus 32. */
    private static final int ENTRY_OVERHEAD = 32;

    /** Newest first, as the index counts them. */
    private final List<String[]> dynamic = new ArrayList<>();
    private int size;
    private int capacity = TABLE_SIZE;

    /** The fields of one header block, in order: {name, value} pairs. */
    List<String[]> decode(byte[] block) throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(block);
        List<String[]> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            int first = in.get() & 0xff;
            if ((first & 0x80) != 0) {
                fields.add(entry(integer(in, first, 7)));
            } else if ((first & 0x40) != 0) {
                String[] field = literal(in, first, 6);
                add(field);
                fields.add(field);
            } else if ((first & 0x20) != 0) {
                int wanted = integer(in, first, 5);
                if (wanted > TABLE_SIZE) {
                    throw new ProtocolException("HPACK table size update to " + wanted + ", above the " + TABLE_SIZE + " allowed");
                }
                capacity = wanted;
                evict(0);
            } else {
                fields.add(literal(in, first, 4)); // without indexing, or never indexed
            }
        }
        return fields;
    }

    private String[] literal(ByteBuffer in, int first, int prefix) throws ProtocolException {
        int index = integer(in, first, prefix);
        String name = index == 0 ? string(in) : entry(index)[0];
        return new String[] {name, string(in)};
    }

    private String[] entry(int index) throws ProtocolException {
        if (index >= 1 && index <= STATIC_TABLE.length) {
            return STATIC_TABLE[index - 1];
        }
        int dynamicIndex = index - STATIC_TABLE.length - 1;
        if (index < 1 || dynamicIndex >= dynamic.size()) {
            throw new ProtocolException("HPACK index " + index + " is in neither table");
        }
        return dynamic.get(dynamicIndex);
    }

    private void add(String[] field) {
        int entrySize = field[0].length() + field[1].length() + ENTRY_OVERHEAD;
        evict(entrySize);
        if (entrySize <= capacity) {
            dynamic.add(0, field);
            size += entrySize;
        }
    }

    /** Drops the oldest entries until {@code room} more fits (all of them when it cannot). */
    private void evict(int room) {
        while (!dynamic.isEmpty() && size + room > capacity) {
            String[] oldest = dynamic.remove(dynamic.size() - 1);
            size -= oldest[0].length() + oldest[1].length() + ENTRY_OVERHEAD;
        }
    }

    /** An integer with an N-bit prefix (RFC 7541 §5.1). */
    private static int integer(ByteBuffer in, int first, int prefix) throws ProtocolException {
        int max = (1 << prefix) - 1;
        int value = first & max;
        if (value < max) {
            return value;
        }
        for (int shift = 0; ; shift += 7) {
            if (!in.hasRemaining() || shift > 21) {
                throw new ProtocolException("an HPACK integer is truncated or too large");
            }
            int next = in.get() & 0xff;
            value += (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
    }

    /** A string literal (RFC 7541 §5.2), its octets as ISO-8859-1 characters. */
    private static String string(ByteBuffer in) throws ProtocolException {
        if (!in.hasRemaining()) {
            throw new ProtocolException("an HPACK string is missing");
        }
        int first = in.get() & 0xff;
        int length = integer(in, first, 7);
        if (length > in.remaining()) {
            throw new ProtocolException("an HPACK string of " + length + " bytes is truncated");
        }
        ByteBuffer octets = in.slice();
        octets.limit(length);
        in.position(in.position() + length);
        if ((first & 0x80) == 0) {
            byte[] bytes = new byte[length];
            octets.get(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            HuffmanDecoder huffman = new HuffmanDecoder();
            huffman.setLength(length);
            String decoded = huffman.decode(octets);
            if (decoded == null) {
                throw new ProtocolException("a Huffman-coded HPACK string is truncated");
            }
            return decoded;
        } catch (EncodingException e) {
            throw new ProtocolException("a Huffman-coded HPACK string does not decode: " + e.getMessage());
        }
    }
}
