package io.tracecheck.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a server answered: the status, the headers (and, for gRPC, the trailers) by lower-case
 * name, first value kept, and the body, cut at {@link HttpCalls#MAX_BODY}.
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body) {
    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
