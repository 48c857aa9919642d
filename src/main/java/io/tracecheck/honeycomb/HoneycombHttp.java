package io.tracecheck.honeycomb;

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

    private final OkHttpClient http1;
    private final OkHttpClient h2c;
    private final Duration timeout;
    private final Consumer<String> verbose;

    HoneycombHttp(Duration timeout, Consumer<String> verbose) {
        this.timeout = timeout;
        this.verbose = verbose;
        this.http1 = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout)
                .retryOnConnectionFailure(false).followRedirects(false).build();
        this.h2c = http1.newBuilder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    }

    Duration timeout() {
        return timeout;
    }

    HttpAnswer get(URI url, Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder().url(url.toString()).get();
        headers.forEach(request::header);
        return execute(http1, request.build(), false);
    }

    HttpAnswer post(URI url, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        Request.Builder request = new Request.Builder().url(url.toString())
                .post(RequestBody.create(body, MediaType.get(contentType)));
        headers.forEach(request::header);
        return execute(http1, request.build(), false);
    }

    /** A gRPC unary call: HTTP/2 (prior knowledge for http://, ALPN for https://), status from trailers. */
    HttpAnswer grpc(URI url, Map<String, String> headers, byte[] framed) throws IOException {
        Request.Builder request = new Request.Builder().url(url.toString()).header("te", "trailers")
                .post(RequestBody.create(framed, MediaType.get("application/grpc")));
        headers.forEach(request::header);
        OkHttpClient client = "https".equalsIgnoreCase(url.getScheme())
                ? http1.newBuilder().protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).build() : h2c;
        return execute(client, request.build(), true);
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

    void close() {
        http1.dispatcher().executorService().shutdown();
        http1.connectionPool().evictAll();
        h2c.connectionPool().evictAll();
    }
}
