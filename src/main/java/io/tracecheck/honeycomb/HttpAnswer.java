package io.tracecheck.honeycomb;

import java.util.Map;
import java.util.Optional;

/** What a server answered: the status, the headers and trailers that matter, and the body. */
record HttpAnswer(int status, Map<String, String> headers, byte[] body) {
    Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    String text() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
