package io.tracecheck.listen.honeycomb;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredSpan;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /tracecheck/traces/{trace_id}}: a stored trace's spans as Honeycomb events. It is
 * the local backend's stand-in for a UI link: {@code curl} it to see what arrived.
 */
public final class TraceEndpoint implements Endpoint {
    private static final String PREFIX = "/tracecheck/traces/";

    private final Store store;

    public TraceEndpoint(Store store) {
        this.store = store;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public Source source() {
        return Source.HONEYCOMB_API;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String traceId = exchange.path().substring(PREFIX.length());
        List<Map<String, Object>> spans = store.spansOfTrace(traceId).stream()
                .map(QueryEndpoint.QueryEvaluation::event).toList();
        if (spans.isEmpty()) {
            HoneycombJson.error(exchange, 404, "no spans of trace " + traceId + " are kept here");
            return;
        }
        exchange.answer(200, "application/json", JSON.std.asString(Map.of("trace_id", traceId, "spans", spans)));
    }

    /** Honeycomb's {"error": …}. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws IOException {
        HoneycombJson.error(exchange, status, message);
    }
}
