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
}
