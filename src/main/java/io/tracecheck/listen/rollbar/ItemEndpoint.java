package io.tracecheck.listen.rollbar;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredRollbarItem;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rollbar's item API: {@code POST /api/1/item/} (token in X-Rollbar-Access-Token or the body's
 * access_token; post_server_item, or post_client_item for client platforms), and
 * {@code GET /api/1/item_by_uuid?uuid=…} for a read token. Answers in Rollbar's shapes:
 * {@code {"err":0,"result":{…}}} and {@code {"err":1,"message":"…"}}.
 */
public final class ItemEndpoint implements Endpoint {
    private static final Set<String> BODY_KINDS = Set.of("trace", "trace_chain", "message", "crash_report");
    private static final Set<String> CLIENT_PLATFORMS = Set.of("browser", "client", "android", "ios", "flash");

    private final List<AcceptedToken> tokens;
    private final Store store;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong(1_000_000);

    public ItemEndpoint(List<AcceptedToken> tokens, Store store, Clock clock) {
        this.tokens = List.copyOf(tokens);
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/api/1/item/") || path.equals("/api/1/item") || path.startsWith("/api/1/item_by_uuid");
    }

    @Override
    public Source source() {
        return Source.ROLLBAR_API;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (exchange.path().startsWith("/api/1/item_by_uuid")) {
            readBack(exchange);
        } else if (exchange.method().equals("POST")) {
            post(exchange);
        } else {
            rollbarError(exchange, 405, "method not allowed: POST an item to /api/1/item/");
        }
    }

    @SuppressWarnings("unchecked")
    private void post(HttpExchange exchange) throws IOException {
        Map<String, Object> payload;
        byte[] body;
        try {
            body = exchange.body();
            payload = JSON.std.mapFrom(body);
        } catch (HttpExchange.BodyTooLarge e) {
            refuse(exchange, 413, "payload too large");
            return;
        } catch (IOException | RuntimeException e) {
            refuse(exchange, 400, "invalid JSON in the request body");
            return;
        }
        if (payload == null) {
            refuse(exchange, 400, "the request body is not a JSON object");
            return;
        }
        Optional<String> token = exchange.header("X-Rollbar-Access-Token")
                .or(() -> Optional.ofNullable(payload.get("access_token")).map(String::valueOf));
        Optional<AcceptedToken> accepted = token.flatMap(t -> tokens.stream().filter(a -> a.token().equals(t)).findFirst());
        if (accepted.isEmpty()) {
            exchange.cause(token.isEmpty() ? "the item carries no token: a Rollbar SDK sends ROLLBAR_ACCESS_TOKEN in "
                    + "X-Rollbar-Access-Token or as access_token in the body"
                    : "listen accepts only the tokens its banner lists (its own test tokens, or those given with "
                    + "--rollbar-token), and the token sent is not one of them: an app still configured with another "
                    + "ROLLBAR_ACCESS_TOKEN");
            refuse(exchange, 401, token.isEmpty() ? "missing access token" : "invalid access token");
            return;
        }
        if (!(payload.get("data") instanceof Map<?, ?> rawData)) {
            refuse(exchange, 422, "Invalid format. data is required and must be an object");
            return;
        }
        Map<String, Object> data = (Map<String, Object>) rawData;
        String platform = String.valueOf(data.getOrDefault("platform", ""));
        boolean clientItem = CLIENT_PLATFORMS.contains(platform);
        if (!(accepted.get().can("post_server_item") || clientItem && accepted.get().can("post_client_item"))) {
            refuse(exchange, 403, accepted.get().can("post_client_item")
                    ? "access token has scope post_client_item, which cannot post items of platform '" + platform
                    + "'; a server needs a post_server_item token"
                    : "insufficient privileges: the access token lacks the post_server_item scope");
            return;
        }
        if (!(data.get("environment") instanceof String environment) || environment.isBlank()) {
            refuse(exchange, 422, "Invalid format. data.environment is required");
            return;
        }
        if (!(data.get("body") instanceof Map<?, ?> itemBody)
                || itemBody.keySet().stream().filter(BODY_KINDS::contains).count() != 1) {
            refuse(exchange, 422, "Invalid format. data.body must contain exactly one of trace, trace_chain, message, "
                    + "crash_report");
            return;
        }
        String uuid = data.get("uuid") instanceof String given && !given.isBlank() ? given : UUID.randomUUID().toString();
        String title = title(data, (Map<String, Object>) itemBody);
        StoredRollbarItem item = new StoredRollbarItem(clock.instant(), Source.ROLLBAR_API, ids.incrementAndGet(), uuid,
                environment, title, String.valueOf(data.getOrDefault("level", "error")), data);
        store.accept(List.of(item), List.of(Arrival.data(Arrival.Kind.ITEM, Source.ROLLBAR_API, item.receivedAt(),
                environment, title, uuid, List.of(), 1, body.length, title.startsWith("tracecheck probe"), List.of(item))));
        exchange.recorded();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", null);
        result.put("uuid", uuid);
        answer(exchange, 200, success(result));
    }

    @SuppressWarnings("unchecked")
    private static String title(Map<String, Object> data, Map<String, Object> body) {
        if (data.get("title") instanceof String title && !title.isBlank()) {
            return title;
        }
        if (body.get("message") instanceof Map<?, ?> message && message.get("body") != null) {
            return String.valueOf(message.get("body"));
        }
        Object trace = body.get("trace");
        if (trace == null && body.get("trace_chain") instanceof List<?> chain && !chain.isEmpty()) {
            trace = chain.get(0);
        }
        if (trace instanceof Map<?, ?> map && map.get("exception") instanceof Map<?, ?> exception) {
            return exception.get("class") + ": " + exception.get("message");
        }
        return "(untitled item)";
    }

    private void readBack(HttpExchange exchange) throws IOException {
        Optional<AcceptedToken> token = exchange.header("X-Rollbar-Access-Token")
                .flatMap(t -> tokens.stream().filter(a -> a.token().equals(t)).findFirst());
        if (token.isEmpty()) {
            rollbarError(exchange, 401, "invalid access token");
            return;
        }
        if (!token.get().can("read")) {
            rollbarError(exchange, 403, "insufficient privileges: reading items needs a token with the read scope");
            return;
        }
        String uuid = exchange.query().flatMap(q -> java.util.Arrays.stream(q.split("&"))
                .filter(p -> p.startsWith("uuid=")).map(p -> p.substring(5)).findFirst()).orElse("");
        Optional<StoredRollbarItem> item = store.find(StoredRollbarItem.class, i -> i.uuid().equals(uuid)).stream().findFirst();
        if (item.isEmpty()) {
            rollbarError(exchange, 404, "Occurrence not found");
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", item.get().id());
        result.put("item_id", item.get().id());
        result.put("uuid", item.get().uuid());
        result.put("environment", item.get().environment());
        result.put("title", item.get().title());
        result.put("level", item.get().level());
        result.put("timestamp", item.get().receivedAt().getEpochSecond());
        result.put("data", item.get().data());
        answer(exchange, 200, success(result));
    }

    /** The frontend shows the refusal, with the body's real size; the token itself is never part of it. */
    private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        rollbarError(exchange, status, message);
    }

    /** Rollbar's {"err":1,"message":…}; a full budget is Rollbar's own rate limit answer, 429. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws IOException {
        rollbarError(exchange, status, message);
    }

    private static void rollbarError(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("err", 1);
        body.put("message", message);
        exchange.reason(message);
        answer(exchange, status, body);
    }

    /** Rollbar's success shape, "err" first as Rollbar writes it. */
    private static Map<String, Object> success(Map<String, Object> result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("err", 0);
        body.put("result", result);
        return body;
    }

    private static void answer(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        // Rollbar writes "id": null in the item answer; jackson-jr drops nulls unless told
        exchange.answer(status, "application/json", JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(body));
    }
}
