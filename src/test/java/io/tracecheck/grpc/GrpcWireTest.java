package io.tracecheck.grpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC wire format, against byte sequences and numbers the gRPC and protobuf specifications fix. */
class GrpcWireTest {
    @Test
    void codesHaveTheirProtocolNumbers() {
        assertThat(GrpcCode.OK.value()).isZero();
        assertThat(GrpcCode.INVALID_ARGUMENT.value()).isEqualTo(3);
        assertThat(GrpcCode.PERMISSION_DENIED.value()).isEqualTo(7);
        assertThat(GrpcCode.RESOURCE_EXHAUSTED.value()).isEqualTo(8);
        assertThat(GrpcCode.UNIMPLEMENTED.value()).isEqualTo(12);
        assertThat(GrpcCode.UNAVAILABLE.value()).isEqualTo(14);
        assertThat(GrpcCode.UNAUTHENTICATED.value()).isEqualTo(16);
        assertThat(GrpcCode.parse(" 16")).contains(GrpcCode.UNAUTHENTICATED);
        assertThat(GrpcCode.parse("17")).isEmpty();
        assertThat(GrpcCode.parse("ok")).isEmpty();
    }

    @Test
    void aFrameIsAFlagAndABigEndianLength() {
        byte[] framed = GrpcWire.frame(new byte[] {42, 43});
        assertThat(framed).containsExactly(0, 0, 0, 0, 2, 42, 43);
        GrpcWire.Frame frame = GrpcWire.unframe(framed);
        assertThat(frame.compressed()).isFalse();
        assertThat(frame.message()).containsExactly(42, 43);
        assertThat(GrpcWire.unframe(new byte[] {1, 0, 0, 0, 0}).compressed()).isTrue();
    }

    @Test
    void aBrokenFrameIsRefused() {
        assertThatThrownBy(() -> GrpcWire.unframe(new byte[3])).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> GrpcWire.unframe(new byte[] {0, 0, 0, 0, 9, 1})).hasMessageContaining("announces 9 bytes");
        assertThatThrownBy(() -> GrpcWire.unframe(new byte[] {2, 0, 0, 0, 0})).hasMessageContaining("compressed flag");
    }

    @Test
    void googleRpcStatusIsFieldOneAndTwo() {
        byte[] status = GrpcWire.encodeStatus(GrpcCode.UNAUTHENTICATED, "no");
        assertThat(status).containsExactly(0x08, 16, 0x12, 2, 'n', 'o');
        assertThat(GrpcWire.decodeStatus(status)).contains(new GrpcWire.Status(GrpcCode.UNAUTHENTICATED, "no"));
        // an unknown field (3, varint) is skipped; an absent code is proto3's default, 0
        assertThat(GrpcWire.decodeStatus(new byte[] {0x18, 1, 0x12, 1, 'x'}))
                .contains(new GrpcWire.Status(GrpcCode.OK, "x"));
        assertThat(GrpcWire.decodeStatus(new byte[] {0x08, 99})).contains(new GrpcWire.Status(GrpcCode.UNKNOWN, ""));
        assertThat(GrpcWire.decodeStatus(new byte[] {0x12, 9, 'x'})).isEmpty();
    }

    @Test
    void grpcMessageIsPercentEncodedSpacesIncluded() {
        assertThat(GrpcWire.encodeMessage("unknown API key: 100%")).isEqualTo("unknown%20API%20key%3A%20100%25");
        assertThat(GrpcWire.decodeMessage("unknown%20API%20key%3A%20100%25")).isEqualTo("unknown API key: 100%");
        assertThat(GrpcWire.decodeMessage("a+b")).isEqualTo("a+b");
        assertThat(GrpcWire.decodeMessage("50% off")).isEqualTo("50% off");
    }
}
