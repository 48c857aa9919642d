package io.tracecheck.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a server answered: the status, the headers (and, for gRPC, the trailers) by lower-case
 * name, first value kept, and the body, cut at {@link HttpCalls#MAX_BODY}. {@code proxy} is the
 * proxy the call went through (null when direct); {@code fromProxy} says the proxy itself answered,
 * refusing to open the tunnel, so the service never saw the call.
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body, Proxies.Proxy proxy, boolean fromProxy) {
    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    /** A direct answer. */
    public HttpAnswer(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null, false);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The media type without parameters ("text/html"), empty when the answer named none. */
    public String contentType() {
        return header("Content-Type").map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The proxy that carried (or refused) the call, when there was one. */
    public Optional<Proxies.Proxy> via() {
        return Optional.ofNullable(proxy);
    }

    HttpAnswer through(Proxies.Proxy by, boolean refusedByProxy) {
        return new HttpAnswer(status, headers, body, by, refusedByProxy);
    }
}
