package io.tracecheck.listen;

/** One emulated API on the HTTP frontend, chosen by path. */
public interface Endpoint {
    /** Whether this endpoint serves the path (any method: it answers 405 itself for the wrong one). */
    boolean serves(String path);

    void handle(HttpExchange exchange) throws Exception;

    /** The receiver the live view names for a request this endpoint answered without storing data. */
    Source source();

    /**
     * An error answered in this API's own shape, with its own words for the status: what the
     * frontend answers when the body is too large or too slow, the memory budget is full, or the
     * endpoint failed unexpectedly. {@code status}: 400, 408, 413, 429 or 500.
     */
    default void answerError(HttpExchange exchange, int status, String message) throws Exception {
        exchange.reason(message).answer(status, "text/plain; charset=utf-8", message);
    }
}
