package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.grpc.GrpcWire;
import io.tracecheck.listen.honeycomb.HoneycombGate;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OTLP/gRPC errors as a gRPC server reports them: HTTP 200 with grpc-status, or 415 for a non-gRPC request. */
class OtlpGrpcStatusTest {
    private static final String EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();
    private final OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();

    @AfterEach
    void dropConnections() {
        client.connectionPool().evictAll();
    }

    private Response call(String path, String contentType, byte[] body) throws Exception {
        return client.newCall(new Request.Builder().url(listen.backends().grpcUrl() + path).header("te", "trailers")
                .post(RequestBody.create(body, MediaType.get(contentType))).build()).execute();
    }

    private static byte[] frame(byte[] message, int declaredLength) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(declaredLength).put(message).array();
    }

    private static String status(Response response) throws Exception {
        String inHeaders = response.header("grpc-status");
        if (inHeaders != null) {
            return inHeaders;
        }
        response.body().bytes();
        return response.trailers().get("grpc-status");
    }

    @Test
    void aValidExportGetsStatusOkInTrailers() throws Exception {
        try (Response response = call(EXPORT, "application/grpc", frame(new byte[0], 0))) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("grpc-status")).isNull();
            byte[] body = response.body().bytes();
            assertThat(body).hasSize(5); // an empty ExportTraceServiceResponse, framed
            assertThat(response.trailers().get("grpc-status")).isEqualTo("0");
        }
    }

    @Test
    void garbageIsInvalidArgument() throws Exception {
        try (Response response = call(EXPORT, "application/grpc", frame("garbage!!".getBytes(), 9))) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(status(response)).isEqualTo("3");
            assertThat(response.header("grpc-message")).contains("not%20a%20valid%20protobuf");
        }
        try (Response response = call(EXPORT, "application/grpc", frame(new byte[3], 40))) {
            assertThat(status(response)).isEqualTo("3");
        }
        assertThat(listen.backends().store().counts().malformed()).isEqualTo(2);
    }

    @Test
    void aTraceIdOfTheWrongLengthIsInvalidArgument() throws Exception {
        byte[] request = OtlpSamples.spansWithIds(new byte[][] {OtlpSamples.id(8)}, new byte[][] {OtlpSamples.id(8)});
        try (Response response = call(EXPORT, "application/grpc", frame(request, request.length))) {
            assertThat(status(response)).isEqualTo(String.valueOf(GrpcCode.INVALID_ARGUMENT.value()));
            assertThat(GrpcWire.decodeMessage(response.header("grpc-message")))
                    .contains("spans[0].traceId is 8 bytes: a trace id is 16 bytes");
        }
        assertThat(listen.backends().store().spans()).isEmpty();
    }

    @Test
    void aFrameWithAnUnknownCompressedFlagIsInvalidArgument() throws Exception {
        byte[] flagged = frame(new byte[0], 0);
        flagged[0] = 2;
        try (Response response = call(EXPORT, "application/grpc", flagged)) {
            assertThat(status(response)).isEqualTo(String.valueOf(GrpcCode.INVALID_ARGUMENT.value()));
            assertThat(GrpcWire.decodeMessage(response.header("grpc-message"))).contains("compressed flag is 2");
        }
    }

    @Test
    void aKeyRefusedOverGrpcIsUnauthenticatedWithHoneycombsMessage() throws Exception {
        try (Response response = client.newCall(new Request.Builder().url(listen.backends().grpcUrl() + EXPORT)
                .header("te", "trailers").header("x-honeycomb-team", "not-a-known-key")
                .post(RequestBody.create(frame(new byte[0], 0), MediaType.get("application/grpc"))).build()).execute()) {
            assertThat(status(response)).isEqualTo(String.valueOf(GrpcCode.UNAUTHENTICATED.value()));
            assertThat(GrpcWire.decodeMessage(response.header("grpc-message"))).isEqualTo(HoneycombGate.UNKNOWN_KEY);
        }
    }

    @Test
    void unknownMethodIsUnimplemented() throws Exception {
        try (Response response = call("/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export",
                "application/grpc", frame(new byte[0], 0))) {
            assertThat(status(response)).isEqualTo("12");
        }
    }

    @Test
    void notGrpcIs415() throws Exception {
        try (Response response = call(EXPORT, "application/json", "{}".getBytes())) {
            assertThat(response.code()).isEqualTo(415);
        }
    }
}
