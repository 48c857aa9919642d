package io.tracecheck.listen.honeycomb;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.HttpExchange;

import java.io.IOException;
import java.util.Map;

/** Honeycomb's error body: {@code {"error": "…"}}. */
final class HoneycombJson {
    private HoneycombJson() {
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        exchange.reason(message).answer(status, "application/json", JSON.std.asString(Map.of("error", message)));
    }
}
