package io.tracecheck.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/2 request on a fresh connection (RFC 9113), as much of the protocol as a gRPC unary
 * call needs: the preface and settings, the request as stream 1, and every frame of the answer
 * read until the stream ends (headers, data, trailers), answering the server's SETTINGS and PING.
 * Request headers are sent as HPACK literals, never indexed; answers are decoded by {@link HpackReader}.
 */
final class Http2Call {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int WINDOW_UPDATE = 8;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;
    private static final int SETTINGS_ENABLE_PUSH = 0x2;
    private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    private static final int STREAM = 1;
    /** The default SETTINGS_MAX_FRAME_SIZE: every peer accepts frames this large, and we announce no more. */
    private static final int FRAME_SIZE = 16_384;
    private static final int DEFAULT_WINDOW = 65_535;
    private static final String[] ERRORS = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
        "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
        "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    private final DataInputStream in;
    private final OutputStream out;
    private final int maxBody;
    private final HpackReader decoder = new HpackReader();
    private long connectionWindow = DEFAULT_WINDOW;
    private long streamWindow = DEFAULT_WINDOW;
    private long peerInitialWindow = DEFAULT_WINDOW;
    private int status = -1;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private ByteArrayOutputStream block;
    private boolean blockEndsStream;
    private boolean ended;
    private boolean firstFrame = true;

    private Http2Call(InputStream in, OutputStream out, int maxBody) {
        this.in = new DataInputStream(in);
        this.out = out;
        this.maxBody = maxBody;
    }

    /** POSTs {@code message} with {@code headers} (lower-case names) and reads the whole answer. */
    static HttpAnswer unary(InputStream in, OutputStream out, String scheme, String authority, String path,
                            Map<String, String> headers, byte[] message, int maxBody) throws IOException {
        Http2Call call = new Http2Call(in, out, maxBody);
        try {
            return call.run(scheme, authority, path, headers, message);
        } catch (EOFException e) {
            throw new EOFException("the server closed the HTTP/2 connection before the answer was complete");
        }
    }

    private HttpAnswer run(String scheme, String authority, String path, Map<String, String> headers, byte[] message)
            throws IOException {
        // our windows hold the whole capped answer, so the server never waits for a WINDOW_UPDATE
        int window = maxBody + FRAME_SIZE;
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, ByteBuffer.allocate(12).putShort((short) SETTINGS_ENABLE_PUSH).putInt(0)
                .putShort((short) SETTINGS_INITIAL_WINDOW_SIZE).putInt(window).array());
        frame(WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(window - DEFAULT_WINDOW).array());
        byte[] block = headerBlock(scheme, authority, path, headers);
        for (int offset = 0; offset == 0 || offset < block.length; offset += FRAME_SIZE) {
            int end = Math.min(block.length, offset + FRAME_SIZE);
            int flags = (end == block.length ? END_HEADERS : 0) | (offset == 0 && message.length == 0 ? END_STREAM : 0);
            frame(offset == 0 ? HEADERS : CONTINUATION, flags, STREAM, Arrays.copyOfRange(block, offset, end));
        }
        for (int sent = 0; sent < message.length && !ended; ) {
            int size = Math.min(FRAME_SIZE, message.length - sent);
            while (Math.min(connectionWindow, streamWindow) < size && !ended) {
                out.flush();
                read();
            }
            if (ended) {
                break; // the server answered before taking the whole request (an error, as trailers-only)
            }
            frame(DATA, sent + size == message.length ? END_STREAM : 0, STREAM,
                    Arrays.copyOfRange(message, sent, sent + size));
            connectionWindow -= size;
            streamWindow -= size;
            sent += size;
        }
        out.flush();
        while (!ended) {
            read();
        }
        try {
            frame(GOAWAY, 0, 0, new byte[8]);
            out.flush();
        } catch (IOException alreadyClosed) {
            // a polite goodbye only: the server may have closed first, and the answer is whole
        }
        if (status < 0) {
            throw new ProtocolException("the HTTP/2 answer has no :status");
        }
        return new HttpAnswer(status, fields, body.toByteArray());
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(ByteBuffer.allocate(9).put((byte) (payload.length >>> 16)).putShort((short) payload.length)
                .put((byte) type).put((byte) flags).putInt(stream).array());
        out.write(payload);
    }

    /** Reads and handles one frame. */
    private void read() throws IOException {
        byte[] head = new byte[9];
        in.readFully(head);
        if (firstFrame && new String(head, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            String status = new String(head, 0, 9, StandardCharsets.ISO_8859_1) + statusRest();
            throw new ProtocolMismatch(ProtocolMismatch.Spoken.HTTP_1_1, "'" + status.strip() + "' to the HTTP/2 preface");
        }
        firstFrame = false;
        ByteBuffer header = ByteBuffer.wrap(head);
        int length = (header.get() & 0xff) << 16 | (header.getShort() & 0xffff);
        int type = header.get() & 0xff;
        int flags = header.get() & 0xff;
        int stream = header.getInt() & 0x7fffffff;
        if (length > FRAME_SIZE) {
            throw new ProtocolException("an HTTP/2 frame of " + length + " bytes, more than the " + FRAME_SIZE + " allowed");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        ByteBuffer data = ByteBuffer.wrap(payload);
        switch (type) {
            case DATA -> {
                if (stream == STREAM) {
                    byte[] content = unpad(data, flags);
                    body.write(content, 0, Math.min(content.length, maxBody - body.size()));
                    ended = (flags & END_STREAM) != 0 || body.size() >= maxBody;
                }
            }
            case HEADERS -> {
                if (stream == STREAM) {
                    byte[] fragment = unpad(data, flags);
                    int skip = (flags & PRIORITY) != 0 ? 5 : 0;
                    block = new ByteArrayOutputStream();
                    block.write(fragment, skip, fragment.length - skip);
                    blockEndsStream = (flags & END_STREAM) != 0;
                    if ((flags & END_HEADERS) != 0) {
                        decode();
                    }
                }
            }
            case CONTINUATION -> {
                if (stream == STREAM && block != null) {
                    block.write(payload);
                    if ((flags & END_HEADERS) != 0) {
                        decode();
                    }
                }
            }
            case RST_STREAM -> {
                int code = data.getInt();
                if (stream == STREAM && !(code == 0 && status >= 0)) {
                    throw new ProtocolException("the server reset the HTTP/2 stream (" + error(code) + ")");
                }
                ended |= stream == STREAM;
            }
            case SETTINGS -> {
                if ((flags & ACK) == 0) {
                    while (data.remaining() >= 6) {
                        int id = data.getShort() & 0xffff;
                        long value = data.getInt() & 0xffffffffL;
                        if (id == SETTINGS_INITIAL_WINDOW_SIZE) {
                            streamWindow += value - peerInitialWindow;
                            peerInitialWindow = value;
                        }
                    }
                    frame(SETTINGS, ACK, 0, new byte[0]);
                    out.flush();
                }
            }
            case PING -> {
                if ((flags & ACK) == 0) {
                    frame(PING, ACK, 0, payload);
                    out.flush();
                }
            }
            case GOAWAY -> {
                int lastStream = data.getInt() & 0x7fffffff;
                int code = data.getInt();
                if (lastStream < STREAM) {
                    String debug = new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
                    throw new ProtocolException("the server closed the HTTP/2 connection without taking the call ("
                            + error(code) + (debug.isBlank() ? "" : ": " + debug) + ")");
                }
            }
            case WINDOW_UPDATE -> {
                int increment = data.getInt() & 0x7fffffff;
                if (stream == 0) {
                    connectionWindow += increment;
                } else if (stream == STREAM) {
                    streamWindow += increment;
                }
            }
            default -> {
                // PRIORITY, PUSH_PROMISE (push is off) and unknown types carry nothing for this call
            }
        }
    }

    /** The rest of an HTTP/1.x status line whose first 9 bytes were read as a frame header, as far as it came. */
    private String statusRest() {
        StringBuilder rest = new StringBuilder();
        try {
            for (int b = in.read(); b >= 0 && b != '\r' && b != '\n' && rest.length() < 60; b = in.read()) {
                rest.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
            }
        } catch (IOException cutShort) {
            // what came is enough to name the answer
        }
        return rest.toString();
    }

    private static byte[] unpad(ByteBuffer data, int flags) throws ProtocolException {
        int padding = (flags & PADDED) != 0 ? data.get() & 0xff : 0;
        if (padding > data.remaining()) {
            throw new ProtocolException("an HTTP/2 frame with more padding than content");
        }
        byte[] content = new byte[data.remaining() - padding];
        data.get(content);
        return content;
    }

    /** The answer's headers (interim 1xx ones are dropped) or, after them, its trailers. */
    private void decode() throws IOException {
        List<String[]> decoded = decoder.decode(block.toByteArray());
        block = null;
        String statusField = decoded.stream().filter(f -> f[0].equals(":status")).map(f -> f[1]).findFirst().orElse(null);
        if (statusField != null) {
            if (!statusField.matches("\\d{3}")) {
                throw new ProtocolException("the HTTP/2 answer's :status is '" + statusField + "'");
            }
            int code = Integer.parseInt(statusField);
            if (code < 200) {
                return;
            }
            status = code;
        } else if (status < 0) {
            throw new ProtocolException("the HTTP/2 answer's first headers have no :status");
        }
        for (String[] field : decoded) {
            if (!field[0].startsWith(":")) {
                fields.putIfAbsent(field[0].toLowerCase(java.util.Locale.ROOT), field[1]);
            }
        }
        ended |= blockEndsStream;
    }

    private static String error(int code) {
        return code >= 0 && code < ERRORS.length ? ERRORS[code] : "error " + code;
    }

    /** The request's headers as HPACK literals without indexing (RFC 7541 §6.2.2), pseudo-headers first. */
    private static byte[] headerBlock(String scheme, String authority, String path, Map<String, String> headers) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        literal(block, ":method", "POST");
        literal(block, ":scheme", scheme);
        literal(block, ":path", path);
        literal(block, ":authority", authority);
        headers.forEach((name, value) -> literal(block, name, value));
        return block.toByteArray();
    }

    private static void literal(ByteArrayOutputStream block, String name, String value) {
        if ((name + value).chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("header " + name + " has a line break or NUL in its name or value");
        }
        block.write(0);
        string(block, name);
        string(block, value);
    }

    /** An HPACK string literal, not Huffman-coded: its length as a 7-bit-prefix integer, then its bytes. */
    private static void string(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int length = bytes.length;
        if (length < 0x7f) {
            block.write(length);
        } else {
            block.write(0x7f);
            for (length -= 0x7f; length >= 0x80; length >>>= 7) {
                block.write(length & 0x7f | 0x80);
            }
            block.write(length);
        }
        block.write(bytes, 0, bytes.length);
    }
}
