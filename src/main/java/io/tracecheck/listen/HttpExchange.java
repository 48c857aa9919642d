package io.tracecheck.listen;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request to an emulated API and its answer, without the server library showing through:
 * endpoints read the method, path, headers and a size-limited body, and answer once.
 */
public final class HttpExchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long bodyLimit;
    private final Duration bodyDeadline;
    private boolean answered;

    HttpExchange(Request request, Response response, Callback callback, long bodyLimit, Duration bodyDeadline) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.bodyLimit = bodyLimit;
        this.bodyDeadline = bodyDeadline;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return Request.getPathInContext(request);
    }

    /** The path as sent, still percent-encoded (what a SigV4 signature covers). */
    public String rawPath() {
        return request.getHttpURI().getPath();
    }

    public Optional<String> query() {
        return Optional.ofNullable(request.getHttpURI().getQuery());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The media type without parameters, lower case ("application/json"); empty when absent. */
    public String mediaType() {
        String type = header("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        return (semicolon >= 0 ? type.substring(0, semicolon) : type).strip().toLowerCase(Locale.ROOT);
    }

    public long bodyLimit() {
        return bodyLimit;
    }

    /**
     * The raw body, at most the body limit; a larger one throws {@link BodyTooLarge} before more
     * than the limit is read.
     */
    public byte[] body() throws IOException {
        long declared = request.getLength();
        if (declared > bodyLimit) {
            throw new BodyTooLarge(declared, bodyLimit);
        }
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, (int) Math.min(bodyLimit, Integer.MAX_VALUE - 8));
        try {
            return body.get(bodyDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // a trickling (slowloris) body: give up on it rather than hold a thread
            request.fail(e);
            throw new BodyTooSlow(bodyDeadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the body", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                throw new BodyTooLarge(-1, bodyLimit);
            }
            throw new IOException("the body could not be read: " + e.getCause(), e.getCause());
        }
    }

    public void answer(int status, String contentType, byte[] body) {
        answer(status, contentType, body, Map.of(), null);
    }

    public void answer(int status, String contentType, String body) {
        answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with extra headers and, for gRPC, trailers sent after the body. */
    public void answer(int status, String contentType, byte[] body, Map<String, String> headers,
                       Map<String, String> trailers) {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put("Content-Type", contentType);
        }
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (trailers != null) {
            HttpFields.Mutable fields = HttpFields.build();
            trailers.forEach((name, value) -> fields.add(new HttpField(name, value)));
            response.setTrailersSupplier(() -> fields);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    boolean answered() {
        return answered;
    }

    /** A body that did not arrive within the deadline. */
    public static final class BodyTooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        public BodyTooSlow(Duration deadline) {
            super("the body did not arrive within " + deadline.toSeconds() + " s");
        }
    }

    /** A body over the limit, declared or read. */
    public static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public BodyTooLarge(long size, long limit) {
            super((size > 0 ? "the body has " + size + " bytes" : "the body is larger than the limit")
                    + "; the limit is " + limit + " bytes");
        }
    }
}
