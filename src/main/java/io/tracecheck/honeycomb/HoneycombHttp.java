package io.tracecheck.honeycomb;

import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OkHttp for everything the Honeycomb check sends: bounded by the check's deadline, no retries,
 * no redirects, and every answer handed back whole (status, headers, trailers, body) to be read.
 */
final class HoneycombHttp {
    private static final long MAX_BODY = 1 << 20;

    private final Duration timeout;
    private final Consumer<String> verbose;
    private OkHttpClient cleartext;
    private OkHttpClient h2c;
    private OkHttpClient tls;

    HoneycombHttp(Duration timeout, Consumer<String> verbose) {
        this.timeout = timeout;
        this.verbose = verbose;
    }

    /**
     * The client for a URL, made on first use. A cleartext-only client never initialises TLS
     * (loading the trust store costs tens of milliseconds), so http:// endpoints skip it.
     */
    private synchronized OkHttpClient client(URI url, boolean grpc) {
        if ("https".equalsIgnoreCase(url.getScheme())) {
            if (tls == null) {
                tls = base().build();
            }
            return grpc ? tls.newBuilder().protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).build() : tls;
        }
        if (cleartext == null) {
            cleartext = base().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
        }
        if (grpc) {
            if (h2c == null) {
                h2c = cleartext.newBuilder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
            }
            return h2c;
        }
        return cleartext;
    }

    private OkHttpClient.Builder base() {
        return new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout)
                .retryOnConnectionFailure(false).followRedirects(false);
    }

    Duration timeout() {
        return timeout;
    }

    HttpAnswer get(URI url, Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder().url(url.toString()).get();
        headers.forEach(request::header);
        return execute(client(url, false), request.build(), false);
    }

    HttpAnswer post(URI url, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        Request.Builder request = new Request.Builder().url(url.toString())
                .post(RequestBody.create(body, MediaType.get(contentType)));
        headers.forEach(request::header);
        return execute(client(url, false), request.build(), false);
    }

    /** A gRPC unary call: HTTP/2 (prior knowledge for http://, ALPN for https://), status from trailers. */
    HttpAnswer grpc(URI url, Map<String, String> headers, byte[] framed) throws IOException {
        Request.Builder request = new Request.Builder().url(url.toString()).header("te", "trailers")
                .post(RequestBody.create(framed, MediaType.get("application/grpc")));
        headers.forEach(request::header);
        return execute(client(url, true), request.build(), true);
    }

    private HttpAnswer execute(OkHttpClient client, Request request, boolean trailers) throws IOException {
        long start = System.nanoTime();
        verbose.accept("→ " + request.method() + " " + request.url() + " " + request.headers().names());
        try (Response response = client.newCall(request).execute()) {
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().forEach(pair -> headers.putIfAbsent(pair.getFirst().toLowerCase(), pair.getSecond()));
            ResponseBody body = response.body();
            byte[] bytes = body.source().request(MAX_BODY) ? body.source().getBuffer().readByteArray(MAX_BODY)
                    : body.bytes();
            if (trailers) {
                try {
                    response.trailers().forEach(pair -> headers.putIfAbsent(pair.getFirst().toLowerCase(), pair.getSecond()));
                } catch (IOException | IllegalStateException noTrailers) {
                    // a trailers-only answer carries the status in its headers
                }
            }
            verbose.accept("← " + response.code() + " " + response.protocol() + " (" + bytes.length + " bytes, "
                    + (System.nanoTime() - start) / 1_000_000 + " ms)");
            return new HttpAnswer(response.code(), headers, bytes);
        }
    }

    synchronized void close() {
        for (OkHttpClient client : new OkHttpClient[] {cleartext, h2c, tls}) {
            if (client != null) {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        }
    }
}
