package io.tracecheck.listen.honeycomb;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /1/auth}: who a key is, in Honeycomb's JSON shape. */
public final class AuthEndpoint implements Endpoint {
    private final HoneycombGate gate;

    public AuthEndpoint(HoneycombGate gate) {
        this.gate = gate;
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/1/auth");
    }

    @Override
    public Source source() {
        return Source.HONEYCOMB_API;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.method().equals("GET")) {
            HoneycombJson.error(exchange, 405, "method not allowed: use GET /1/auth");
            return;
        }
        Optional<AcceptedKey> key = exchange.header("X-Honeycomb-Team").flatMap(gate::find);
        if (key.isEmpty()) {
            HoneycombJson.error(exchange.cause(HoneycombGate.UNKNOWN_KEY_CAUSE), 401, HoneycombGate.UNKNOWN_KEY);
            return;
        }
        Map<String, Object> access = new LinkedHashMap<>();
        for (String permission : AcceptedKey.ALL_PERMISSIONS) {
            access.put(permission, key.get().can(permission));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", key.get().key().substring(0, Math.min(12, key.get().key().length())));
        body.put("type", key.get().kind());
        body.put("api_key_access", access);
        body.put("environment", Map.of("name", key.get().environment(), "slug", key.get().environmentSlug()));
        body.put("team", Map.of("name", key.get().team(), "slug", key.get().teamSlug()));
        exchange.answer(200, "application/json", JSON.std.asString(body));
    }

    /** Honeycomb's {"error": …}. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws IOException {
        HoneycombJson.error(exchange, status, message);
    }
}
