package io.tracecheck.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The gRPC wire format both sides of tracecheck speak: the 5-byte message frame, the
 * percent-encoded {@code grpc-message}, and {@code google.rpc.Status} (code = field 1, message =
 * field 2), encoded by hand since its proto is not on the classpath.
 */
public final class GrpcWire {
    /** The frame's prefix: a compressed flag and a 4-byte big-endian length. */
    public static final int PREFIX = 5;

    private static final int STATUS_CODE = 1 << 3;          // field 1, varint
    private static final int STATUS_MESSAGE = 2 << 3 | 2;   // field 2, length-delimited

    private GrpcWire() {
    }

    /** One unframed message: its bytes and whether the sender compressed them (per grpc-encoding). */
    public record Frame(boolean compressed, byte[] message) {
    }

    /** The one message of a unary call, uncompressed. */
    public static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(PREFIX + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    /** The one message a unary call's body carries; IllegalArgumentException when the frame is not whole. */
    public static Frame unframe(byte[] body) {
        if (body.length < PREFIX) {
            throw new IllegalArgumentException("the gRPC message frame is incomplete (" + body.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int flag = buffer.get();
        long length = Integer.toUnsignedLong(buffer.getInt());
        if (length != body.length - (long) PREFIX) {
            throw new IllegalArgumentException("the gRPC frame announces " + length + " bytes but carries "
                    + (body.length - PREFIX));
        }
        if (flag != 0 && flag != 1) {
            throw new IllegalArgumentException("the gRPC frame's compressed flag is " + flag + ", not 0 or 1");
        }
        return new Frame(flag == 1, Arrays.copyOfRange(body, PREFIX, body.length));
    }

    /** grpc-message as sent: percent-encoded, spaces included, per the gRPC HTTP/2 protocol. */
    public static String encodeMessage(String message) {
        return URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** grpc-message as meant; a value that is not valid percent-encoding is kept as it came. */
    public static String decodeMessage(String header) {
        try {
            return URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return header;
        }
    }

    /** A google.rpc.Status message. */
    public static byte[] encodeStatus(GrpcCode code, String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code.value());
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** A google.rpc.Status read back (an absent code is 0, a number gRPC does not define UNKNOWN); empty if not one. */
    public static Optional<Status> decodeStatus(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            int code = 0;
            String message = "";
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == STATUS_CODE) {
                    code = in.readInt32();
                } else if (tag == STATUS_MESSAGE) {
                    message = in.readStringRequireUtf8();
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            return Optional.of(new Status(GrpcCode.of(code).orElse(GrpcCode.UNKNOWN), message));
        } catch (IOException notStatus) {
            return Optional.empty();
        }
    }

    /** What a google.rpc.Status says. */
    public record Status(GrpcCode code, String message) {
    }
}
