package io.tracecheck.otlp;

import com.fasterxml.jackson.jr.ob.JSON;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The partial success of an OTLP trace export's 200 answer: how many spans the receiver rejected and
 * why. A body that cannot be read reports nothing rejected, as exporters take it.
 */
public record PartialSuccess(long rejected, String message) {
    private static final PartialSuccess NONE = new PartialSuccess(0, "");

    public static PartialSuccess fromProtobuf(byte[] body) {
        try {
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(body);
            return new PartialSuccess(response.getPartialSuccess().getRejectedSpans(),
                    response.getPartialSuccess().getErrorMessage());
        } catch (IOException notProtobuf) {
            return NONE;
        }
    }

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
