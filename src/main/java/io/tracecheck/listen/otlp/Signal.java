package io.tracecheck.listen.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.tracecheck.listen.Source;

import java.util.Arrays;
import java.util.Optional;

/** The three OTLP signals: their HTTP path, gRPC method, request decoding and empty response. */
enum Signal {
    TRACES("/v1/traces", "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            ExportTraceServiceResponse.getDefaultInstance()) {
        @Override
        Message.Builder newRequest() {
            return ExportTraceServiceRequest.newBuilder();
        }

        @Override
        int ingest(OtlpIngest ingest, Message request, Source source, Destination destination) {
            return ingest.traces((ExportTraceServiceRequest) request, source, destination);
        }

        @Override
        void checkIds(Message request) {
            OtlpIds.checkTraces((ExportTraceServiceRequest) request);
        }
    },
    LOGS("/v1/logs", "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
            ExportLogsServiceResponse.getDefaultInstance()) {
        @Override
        Message.Builder newRequest() {
            return ExportLogsServiceRequest.newBuilder();
        }

        @Override
        int ingest(OtlpIngest ingest, Message request, Source source, Destination destination) {
            return ingest.logs((ExportLogsServiceRequest) request, source);
        }

        @Override
        void checkIds(Message request) {
            OtlpIds.checkLogs((ExportLogsServiceRequest) request);
        }
    },
    METRICS("/v1/metrics", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
            ExportMetricsServiceResponse.getDefaultInstance()) {
        @Override
        Message.Builder newRequest() {
            return ExportMetricsServiceRequest.newBuilder();
        }

        @Override
        int ingest(OtlpIngest ingest, Message request, Source source, Destination destination) {
            return ingest.metrics((ExportMetricsServiceRequest) request, source);
        }
    };

    private final String httpPath;
    private final String grpcPath;
    private final Message emptyResponse;

    Signal(String httpPath, String grpcPath, Message emptyResponse) {
        this.httpPath = httpPath;
        this.grpcPath = grpcPath;
        this.emptyResponse = emptyResponse;
    }

    /** The signal an OTLP/HTTP path names; a trailing slash is tolerated, as collectors do. */
    static Optional<Signal> byHttpPath(String path) {
        String normal = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return Arrays.stream(values()).filter(s -> s.httpPath.equals(normal)).findFirst();
    }

    static Optional<Signal> byGrpcPath(String path) {
        return Arrays.stream(values()).filter(s -> s.grpcPath.equals(path)).findFirst();
    }

    abstract Message.Builder newRequest();

    /** Stores what the request holds; returns how many arrivals were announced (0 for an empty export). */
    abstract int ingest(OtlpIngest ingest, Message request, Source source, Destination destination);

    String httpPath() {
        return httpPath;
    }

    String grpcPath() {
        return grpcPath;
    }

    Message emptyResponse() {
        return emptyResponse;
    }

    /** Ids of a length the Collector refuses to decode throw {@link IllegalArgumentException} ({@link OtlpIds}). */
    void checkIds(Message request) {
        // metrics carry ids only in exemplars, which nothing here reads
    }

    /** Decodes a protobuf body; a truncated or garbled one, or one with ids of a wrong length, throws {@link IllegalArgumentException}. */
    Message parseProtobuf(byte[] body) {
        Message request;
        try {
            request = newRequest().mergeFrom(body).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the body is not a valid protobuf " + newRequest().getDescriptorForType().getName()
                    + " (" + e.getMessage() + ")");
        }
        checkIds(request);
        return request;
    }

    Message parseJson(byte[] body) {
        Message request = OtlpJson.parse(body, newRequest()).build();
        checkIds(request);
        return request;
    }
}
