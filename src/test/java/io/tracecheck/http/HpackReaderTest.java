package io.tracecheck.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackContext;
import org.eclipse.jetty.http2.hpack.HpackEncoder;
import org.junit.jupiter.api.Test;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tracecheck's HPACK decoding against an independent encoder (Jetty's: Huffman, indexing, eviction). */
class HpackReaderTest {
    @Test
    void theStaticTableIsTheRfcs() {
        assertThat(HpackReader.STATIC_TABLE.length).isEqualTo(61);
        for (int i = 0; i < 61; i++) {
            String[] jetty = HpackContext.STATIC_TABLE[i + 1];
            assertThat(HpackReader.STATIC_TABLE[i]).as("entry %d", i + 1)
                    .containsExactly(jetty[0], jetty[1] == null ? "" : jetty[1]);
        }
    }

    @Test
    void blocksFromAnIndexingHuffmanEncoderDecodeInOrder() throws Exception {
        HpackEncoder encoder = new HpackEncoder();
        encoder.setMaxTableCapacity(HpackReader.TABLE_SIZE);
        encoder.setTableCapacity(HpackReader.TABLE_SIZE);
        HpackReader reader = new HpackReader();
        for (int round = 0; round < 40; round++) {
            // values that repeat (indexed), change (literals) and grow (evicting older entries)
            HttpFields fields = HttpFields.build().add("content-type", "application/grpc")
                    .add("grpc-status", String.valueOf(round % 17))
                    .add("grpc-message", "unknown API key - round " + round + "x".repeat(round * 7))
                    .add("x-custom-" + round, "v" + round);
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            encoder.encode(buffer, new MetaData.Response(round % 2 == 0 ? 200 : 404, null, HttpVersion.HTTP_2, fields));
            buffer.flip();
            byte[] block = new byte[buffer.remaining()];
            buffer.get(block);

            List<String[]> decoded = reader.decode(block);

            assertThat(decoded.get(0)).as("round %d", round).containsExactly(":status", round % 2 == 0 ? "200" : "404");
            assertThat(decoded.subList(1, decoded.size()).stream().map(Arrays::asList))
                    .as("round %d", round)
                    .containsExactly(List.of("content-type", "application/grpc"), List.of("grpc-status", String.valueOf(round % 17)),
                            List.of("grpc-message", "unknown API key - round " + round + "x".repeat(round * 7)),
                            List.of("x-custom-" + round, "v" + round));
        }
    }

    @Test
    void brokenBlocksAreProtocolErrors() {
        assertThatThrownBy(() -> new HpackReader().decode(new byte[] {(byte) 0xff, (byte) 0x80}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("integer is truncated");
        assertThatThrownBy(() -> new HpackReader().decode(new byte[] {(byte) (0x80 | 70)}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("neither table");
        assertThatThrownBy(() -> new HpackReader().decode(new byte[] {0x00, 0x05, 'a'}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new HpackReader().decode(new byte[] {0x3f, (byte) 0xe2, 0x1f}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("table size update");
    }
}
