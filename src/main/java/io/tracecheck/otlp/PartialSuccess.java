package io.tracecheck.otlp;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The partial success of an OTLP trace export's 200 answer: how many spans the receiver rejected and
 * why. A body that cannot be read reports nothing rejected, as exporters take it.
 * <p>
 * The protobuf answer is read by hand, not by protobuf-java, so that the check's path does not load it:
 * the body is already in memory and cut at the HTTP client's limit, every length is checked against
 * what is left of it, nothing is allocated but the message's own characters, and nesting is bounded.
 */
public record PartialSuccess(long rejected, String message) {
    private static final PartialSuccess NONE = new PartialSuccess(0, "");

    /** ExportTraceServiceResponse.partial_success (field 1) and ExportTracePartialSuccess's fields. */
    private static final int PARTIAL_SUCCESS = 1 << 3 | 2;
    private static final int REJECTED_SPANS = 1 << 3;
    private static final int ERROR_MESSAGE = 2 << 3 | 2;
    /** Groups nested in unknown fields: protobuf-java's own recursion limit. */
    private static final int MAX_DEPTH = 100;

    /** As protobuf-java's parser reads an ExportTraceServiceResponse: anything it would refuse reports nothing. */
    public static PartialSuccess fromProtobuf(byte[] body) {
        try {
            Accumulated found = new Accumulated();
            Reader reader = new Reader(body, 0, body.length);
            while (!reader.done()) {
                int tag = reader.tag();
                if (tag == PARTIAL_SUCCESS) {
                    // a repeated sub-message merges into the one before, as protobuf's parsers do
                    int length = reader.length();
                    Reader inner = new Reader(body, reader.position, reader.position + length);
                    reader.position += length;
                    readPartial(inner, body, found);
                } else {
                    reader.skip(tag, 0);
                }
            }
            return new PartialSuccess(found.rejected, found.message);
        } catch (Malformed | CharacterCodingException notProtobuf) {
            return NONE;
        }
    }

    private static void readPartial(Reader reader, byte[] body, Accumulated found) throws Malformed, CharacterCodingException {
        while (!reader.done()) {
            int tag = reader.tag();
            if (tag == REJECTED_SPANS) {
                found.rejected = reader.varint();
            } else if (tag == ERROR_MESSAGE) {
                int length = reader.length();
                // proto3 strings must be valid UTF-8: protobuf-java refuses the whole message otherwise
                found.message = StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(body, reader.position, length)).toString();
                reader.position += length;
            } else {
                reader.skip(tag, 0);
            }
        }
    }

    private static final class Accumulated {
        long rejected;
        String message = "";
    }

    /** The input is not a readable protobuf message. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    /** The fields of one message between {@code position} and {@code limit} of the body. */
    private static final class Reader {
        private final byte[] body;
        private final int limit;
        private int position;

        Reader(byte[] body, int position, int limit) {
            this.body = body;
            this.position = position;
            this.limit = limit;
        }

        boolean done() {
            return position >= limit;
        }

        /** A field's tag: a 32-bit varint; field 0 and wire types 6, 7 are refused. */
        int tag() throws Malformed {
            int tag = varint32();
            if (tag >>> 3 == 0 || (tag & 7) > 5) {
                throw new Malformed();
            }
            return tag;
        }

        /**
         * A 64-bit varint as protobuf-java reads one: ten bytes at most, the tenth ending it whatever its
         * top bit says, bits beyond 64 dropped.
         */
        long varint() throws Malformed {
            long value = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (position >= limit) {
                    throw new Malformed();
                }
                byte b = body[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            return value;
        }

        /** A tag or a length as protobuf-java reads one: the low 32 bits of at most ten bytes, the tenth ending it. */
        private int varint32() throws Malformed {
            int value = 0;
            for (int i = 0; i < 10; i++) {
                if (position >= limit) {
                    throw new Malformed();
                }
                byte b = body[position++];
                if (i < 5) {
                    value |= (b & 0x7F) << (7 * i);
                }
                if (b >= 0) {
                    return value;
                }
            }
            throw new Malformed();
        }

        /** A length-delimited field's length: a 32-bit varint, not negative and within what is left. */
        int length() throws Malformed {
            int length = varint32();
            if (length < 0 || length > limit - position) {
                throw new Malformed();
            }
            return length;
        }

        /** Steps over an unknown field; a group is read to its own end-group tag. */
        void skip(int tag, int depth) throws Malformed {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 3 -> {
                    if (depth >= MAX_DEPTH) {
                        throw new Malformed();
                    }
                    int end = (tag >>> 3) << 3 | 4;
                    while (true) {
                        if (done()) {
                            throw new Malformed();
                        }
                        int inner = tag();
                        if (inner == end) {
                            return;
                        }
                        skip(inner, depth + 1);
                    }
                }
                case 5 -> advance(4);
                default -> throw new Malformed(); // an end-group with no group open
            }
        }

        private void advance(int bytes) throws Malformed {
            if (bytes > limit - position) {
                throw new Malformed();
            }
            position += bytes;
        }
    }

    /**
     * The {@code partialSuccess} object of an OTLP/JSON answer (the proto's own field names accepted
     * too), read with jackson-jr, which the check has loaded already for Honeycomb's API answers.
     */
    public static PartialSuccess fromJson(byte[] body) {
        try {
            Map<String, Object> json = JSON.std.mapFrom(body);
            Object partial = json == null ? null : json.getOrDefault("partialSuccess", json.get("partial_success"));
            if (partial instanceof Map<?, ?> map) {
                Object rejected = map.containsKey("rejectedSpans") ? map.get("rejectedSpans") : map.get("rejected_spans");
                Object message = map.containsKey("errorMessage") ? map.get("errorMessage") : map.get("error_message");
                return new PartialSuccess(rejected == null ? 0 : Long.parseLong(String.valueOf(rejected)),
                        message == null ? "" : String.valueOf(message));
            }
        } catch (IOException | RuntimeException notJson) {
            // an empty or foreign body: nothing was reported rejected
        }
        return NONE;
    }
}
