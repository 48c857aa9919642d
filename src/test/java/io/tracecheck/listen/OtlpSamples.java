package io.tracecheck.listen;

/** OTLP bodies written by hand from the OTLP specification, for tests. */
public final class OtlpSamples {
    /** An OTLP/JSON body written from the OTLP specification: camelCase, snake_case, enums by name and number. */
    public static final String JSON_TRACE = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"flask-backend"}}]},
             "scopeSpans":[{"scope":{"name":"manual"},"spans":[
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /users","kind":2,
               "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
               "attributes":[{"key":"http.status_code","value":{"intValue":"200"}},{"key":"ok","value":{"boolValue":true}}],
               "status":{"code":"STATUS_CODE_OK"}},
              {"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b175",
               "parent_span_id":"eee19b7ec3c1b174","name":"SELECT users","kind":"SPAN_KIND_CLIENT",
               "start_time_unix_nano":1544712660100000000,"end_time_unix_nano":1544712660200000000,
               "unknownFieldFromTheFuture":{"x":1}}]}]}]}
            """;

    private OtlpSamples() {
    }

    /** A protobuf ExportTraceServiceRequest of one scope whose spans are named {@code span0}, {@code span1}… with these ids. */
    public static byte[] spansWithIds(byte[][] traceIds, byte[][] spanIds) {
        var scope = io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder();
        for (int i = 0; i < traceIds.length; i++) {
            scope.addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder().setName("span" + i)
                    .setTraceId(com.google.protobuf.ByteString.copyFrom(traceIds[i]))
                    .setSpanId(com.google.protobuf.ByteString.copyFrom(spanIds[i])));
        }
        return io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder().addScopeSpans(scope))
                .build().toByteArray();
    }

    /** {@code length} bytes 1, 2, 3…: an id that is not all zeroes. */
    public static byte[] id(int length) {
        byte[] id = new byte[length];
        for (int i = 0; i < length; i++) {
            id[i] = (byte) (i + 1);
        }
        return id;
    }
}
