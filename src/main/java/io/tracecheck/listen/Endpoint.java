package io.tracecheck.listen;

/** One emulated API on the HTTP frontend, chosen by path. */
public interface Endpoint {
    /** Whether this endpoint serves the path (any method: it answers 405 itself for the wrong one). */
    boolean serves(String path);

    void handle(HttpExchange exchange) throws Exception;

    /** The receiver the live view names for a request this endpoint answered without storing data. */
    Source source();
}
