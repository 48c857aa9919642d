package io.tracecheck.listen.aws;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A request body in either AWS JSON dialect (JSON 1.1 for CloudWatch Logs, REST-JSON for X-Ray):
 * an empty body or {@code null} is an empty object; anything that is not a JSON object is refused
 * with {@link #NOT_JSON}.
 */
final class JsonBody {
    static final AwsError NOT_JSON = new AwsError(400, "SerializationException", "the request body is not valid JSON");

    private JsonBody() {
    }

    static Optional<Map<String, Object>> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.of(Map.of());
        }
        try {
            Map<String, Object> parsed = JSON.std.mapFrom(body);
            return Optional.of(parsed == null ? Map.of() : parsed);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
