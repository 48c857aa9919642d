package io.tracecheck.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written partial-success reader against protobuf-java's generated parser (and, for JSON, the
 * JSON library it replaced) on real answers, broken answers and hostile ones: the same verdict on each,
 * and never more work than the body's own length.
 */
class PartialSuccessTest {
    private static final PartialSuccess NONE = new PartialSuccess(0, "");

    @Test
    void readsWhatAReceiverWrites() {
        assertThat(PartialSuccess.fromProtobuf(response(3, "span name too long"))).isEqualTo(new PartialSuccess(3, "span name too long"));
        assertThat(PartialSuccess.fromProtobuf(response(0, "a warning only"))).isEqualTo(new PartialSuccess(0, "a warning only"));
        assertThat(PartialSuccess.fromProtobuf(new byte[0])).isEqualTo(NONE);
        assertThat(PartialSuccess.fromProtobuf(ExportTraceServiceResponse.getDefaultInstance().toByteArray())).isEqualTo(NONE);
        assertThat(PartialSuccess.fromProtobuf("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8))).isEqualTo(NONE);
    }

    @Test
    void brokenProtobufReportsNothingAsProtobufJavaDoes() throws IOException {
        byte[] whole = response(7, "too many attributes");
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(whole, cut);
            assertThat(PartialSuccess.fromProtobuf(truncated)).as("cut at %d", cut).isEqualTo(oracle(truncated));
        }
        // a length far beyond the body, as a 10-byte varint (negative as an int) and as the largest int
        assertSame(concat(bytes(0x0A), varint(-1L)));
        assertSame(concat(bytes(0x0A), varint(Integer.MAX_VALUE), bytes(0x08, 0x01)));
        assertSame(concat(bytes(0x0A, 0x04, 0x12), varint(Integer.MAX_VALUE), bytes(0x41, 0x42)));
        // a varint that never ends; ten bytes whose last still says "more" (protobuf-java stops a value at ten, but
        // refuses such a tag or length); a length whose fifth byte carries bits beyond 32
        assertSame(bytes(0x0A, 0x02, 0x08, 0xFF));
        assertSame(concat(bytes(0x0A, 0x0B, 0x08), repeat(0xFF, 10)));
        assertSame(concat(bytes(0x0A, 0x0C, 0x08), repeat(0xFF, 10), bytes(0x01)));
        assertSame(concat(bytes(0x08), repeat(0xFF, 10), response(1, "after")));
        assertSame(concat(bytes(0x0A), repeat(0xFF, 9), bytes(0x01)));
        assertSame(concat(bytes(0x0A), repeat(0xFF, 10), bytes(0x00)));
        assertSame(concat(bytes(0x8A), repeat(0x80, 8), bytes(0x00, 0x02, 0x08, 0x01)));
        assertSame(concat(bytes(0x8A), repeat(0x80, 9), bytes(0x02, 0x08, 0x01)));
        assertSame(bytes(0x0A, 0x82, 0x80, 0x80, 0x80, 0x10, 0x08, 0x03));
        // the known fields in the wrong wire type are unknown fields, skipped
        assertSame(concat(bytes(0x08, 0x05), response(2, "kept")));
        assertSame(concat(bytes(0x0A, 0x04, 0x0A, 0x02, 0x41, 0x42))); // rejected_spans as bytes, inside
        assertSame(concat(bytes(0x0A, 0x05, 0x15, 1, 2, 3, 4))); // error_message as fixed32
        // wire types 6 and 7, field number 0, an end-group with no group, an unterminated group
        assertSame(bytes(0x0E));
        assertSame(bytes(0x0F));
        assertSame(bytes(0x02, 0x00));
        assertSame(bytes(0x0C));
        assertSame(bytes(0x0B, 0x08, 0x01));
        // a well-formed group is skipped; a mismatched end is not
        assertSame(concat(bytes(0x1B, 0x08, 0x01, 0x1C), response(4, "after a group")));
        assertSame(concat(bytes(0x1B, 0x08, 0x01, 0x24), response(4, "after a group")));
        // invalid UTF-8 in the message
        assertSame(bytes(0x0A, 0x06, 0x08, 0x01, 0x12, 0x02, 0xC3, 0x28));
        // repeated partial_success messages merge; a repeated scalar keeps the last value
        assertSame(concat(response(5, "first"), partialOnly(ExportTracePartialSuccess.newBuilder().setErrorMessage("second"))));
        assertSame(concat(bytes(0x0A, 0x04, 0x08, 0x01, 0x08, 0x09)));
        // a negative count
        assertSame(response(-3, "negative"));
    }

    @Test
    void hostileNestingIsBounded() {
        // groups nested far beyond protobuf's recursion limit: refused, without a stack overflow
        byte[] deep = concat(repeat(0x1B, 100_000), repeat(0x1C, 100_000));
        assertThat(PartialSuccess.fromProtobuf(deep)).isEqualTo(NONE);
        byte[] json = ("{\"partialSuccess\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(PartialSuccess.fromJson(json)).isEqualTo(NONE);
    }

    /** Random damage to real answers, unknown fields and groups included: the same verdict as protobuf-java's. */
    @Test
    void fuzzedProtobufAgreesWithProtobufJava() throws IOException {
        SplittableRandom random = new SplittableRandom(20261126L);
        List<byte[]> seeds = List.of(response(3, "span name too long"), response(0, ""),
                concat(bytes(0x1B, 0x08, 0x01, 0x1C), bytes(0x21, 1, 2, 3, 4, 5, 6, 7, 8), response(1, "x")),
                concat(response(2, "a"), bytes(0x2D, 1, 2, 3, 4), response(9, "\u00e9\u670d")));
        for (int round = 0; round < 50_000; round++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            assertThat(PartialSuccess.fromProtobuf(input)).as("input %s", hex(input)).isEqualTo(oracle(input));
        }
    }

    private static void assertSame(byte[] input) {
        assertThat(PartialSuccess.fromProtobuf(input)).as("input %s", hex(input)).isEqualTo(oracle(input));
    }

    /** What protobuf-java's generated parser makes of the body, read as tracecheck read it before. */
    private static PartialSuccess oracle(byte[] body) {
        try {
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(body);
            return new PartialSuccess(response.getPartialSuccess().getRejectedSpans(), response.getPartialSuccess().getErrorMessage());
        } catch (InvalidProtocolBufferException e) {
            return NONE;
        }
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] input = seed.clone();
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            switch (random.nextInt(5)) {
                case 0 -> input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                case 1 -> input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
                case 2 -> {
                    int at = random.nextInt(input.length + 1);
                    input = concat(java.util.Arrays.copyOf(input, at), bytes(random.nextInt(256)),
                            java.util.Arrays.copyOfRange(input, at, input.length));
                }
                case 3 -> input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                default -> input = concat(input, input);
            }
            if (input.length == 0) {
                return input;
            }
        }
        return input;
    }

    private static byte[] response(long rejected, String message) {
        return ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(rejected).setErrorMessage(message)).build().toByteArray();
    }

    private static byte[] partialOnly(ExportTracePartialSuccess.Builder partial) {
        return ExportTraceServiceResponse.newBuilder().setPartialSuccess(partial).build().toByteArray();
    }

    private static byte[] varint(long value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeUInt64NoTag(value);
        coded.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
