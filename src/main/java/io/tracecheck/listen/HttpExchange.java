package io.tracecheck.listen;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * <p>
 * It also remembers what the live view needs to show the request when the endpoint stored no data
 * for it: the status answered, the reason an error gave, the kind of refusal, the API operation,
 * and the real size of the body (read, or declared when it was refused unread).
 */
public final class HttpExchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long bodyLimit;
    private final Duration bodyDeadline;
    private boolean answered;
    private int status;
    private int grpcStatus = -1;
    private String reason = "";
    private String cause = "";
    private String operation = "";
    private Arrival.Kind kind;
    private Source source;
    private boolean recorded;
    /** Raw bytes of the body as read, -1 until read. */
    private long bodyBytes = -1;
    /** Shows the request as an arrival just before its answer goes out, unless the endpoint recorded it. */
    private java.util.function.Consumer<HttpExchange> announcer;
    /** The body the frontend read before the endpoint ran, or why it could not. */
    private byte[] preRead;
    private IOException preReadFailure;
    /** What this request holds of the in-flight budget (null: unbounded, for tests that build exchanges by hand). */
    private MemoryBudget.Account account;
    private boolean closeAfter;

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
        if (preReadFailure != null) {
            throw preReadFailure;
        }
        if (preRead != null) {
            return preRead;
        }
        long declared = request.getLength();
        if (declared > bodyLimit) {
            throw new BodyTooLarge(declared, bodyLimit);
        }
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, (int) Math.min(bodyLimit, Integer.MAX_VALUE - 8));
        try {
            byte[] bytes = body.get(bodyDeadline.toMillis(), TimeUnit.MILLISECONDS);
            bodyBytes = bytes.length;
            return bytes;
        } catch (TimeoutException e) {
            // a trickling (slowloris) body: give up on it rather than hold a thread
            request.fail(e);
            throw new BodyTooSlow(bodyDeadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the body", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                bodyBytes = bodyLimit + 1; // more than the limit arrived; how much more was never read
                throw new BodyTooLarge(-1, bodyLimit);
            }
            throw new IOException("the body could not be read: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Decodes the body by its Content-Encoding within the body limit and the in-flight budget: a
     * compression bomb stops at whichever comes first.
     */
    public byte[] decode(byte[] raw, String encoding) throws IOException {
        return Bodies.decode(raw, encoding, bodyLimit, account);
    }

    void preRead(byte[] body) {
        preRead = body;
        bodyBytes = body.length;
    }

    void preReadFailure(IOException failure, long bytesSeen) {
        preReadFailure = failure;
        bodyBytes = bytesSeen;
    }

    /**
     * Gives back what the request's body holds of the budget, before a refusal is answered: the body
     * is dropped, and a client reading the refusal may send again at once.
     */
    void releaseBody() {
        if (account != null) {
            account.close();
        }
    }

    void account(MemoryBudget.Account held) {
        account = held;
    }

    /** The connection closes after the answer (a body left unread). */
    void closeAfter() {
        closeAfter = true;
    }

    /**
     * The size of what arrived: the bytes read, else the declared Content-Length, else what was
     * counted when the answer went out. Refused requests show their real size.
     */
    long size() {
        if (bodyBytes >= 0) {
            return bodyBytes;
        }
        return Math.max(0, request.getLength());
    }

    /**
     * Counts (and discards) a body nobody read and whose length was not declared, before the answer
     * goes out (afterwards the server drops it): up to just past the limit, within the read deadline
     * the connection's idle timeout sets.
     */
    private void countUnreadBody() {
        if (bodyBytes >= 0 || request.getLength() >= 0) {
            return;
        }
        long counted = 0;
        try {
            InputStream in = Content.Source.asInputStream(request);
            byte[] chunk = new byte[16 * 1024];
            int read;
            while (counted <= bodyLimit && (read = in.read(chunk)) >= 0) {
                counted += read;
            }
        } catch (IOException | RuntimeException e) {
            // what was counted before the body broke off is what arrived
        }
        bodyBytes = counted;
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
        this.status = status;
        countUnreadBody();
        String grpc = headers.getOrDefault("grpc-status", trailers == null ? null : trailers.get("grpc-status"));
        if (grpc != null) {
            grpcStatus = Integer.parseInt(grpc);
        }
        if (announcer != null && !recorded) {
            // before the answer: a client that got it finds the arrival counted and in the view's queue
            announcer.accept(this);
        }
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put("Content-Type", contentType);
        }
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (closeAfter) {
            response.getHeaders().put("Connection", "close");
        }
        if (trailers != null) {
            HttpFields.Mutable fields = HttpFields.build();
            trailers.forEach((name, value) -> fields.add(new HttpField(name, value)));
            response.setTrailersSupplier(() -> fields);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** What an error answer says, in words, for the live view (never a credential). Returns this, to answer next. */
    public HttpExchange reason(String text) {
        reason = text == null ? "" : text;
        return this;
    }

    /** The kind of refusal, when the status alone would name it wrongly (a SigV4 failure answered 400). */
    public HttpExchange kind(Arrival.Kind refusal) {
        kind = refusal;
        return this;
    }

    /** What most likely made the app send this, when the endpoint knows better than the path. */
    public HttpExchange cause(String text) {
        cause = text == null ? "" : text;
        return this;
    }

    /** The API operation, when the path does not say it (CloudWatch Logs and STS all post to /). */
    public HttpExchange operation(String name) {
        operation = name;
        return this;
    }

    /** The receiver to name in the live view, when one endpoint serves several (STS and CloudWatch Logs). */
    public HttpExchange source(Source receiver) {
        source = receiver;
        return this;
    }

    /** The endpoint stored or announced what arrived itself; the frontend adds no line for the request. */
    public void recorded() {
        recorded = true;
    }

    void announceWith(java.util.function.Consumer<HttpExchange> announce) {
        announcer = announce;
    }

    boolean answered() {
        return answered;
    }

    int status() {
        return status;
    }

    String cause() {
        return cause;
    }

    /**
     * The request as one arrival: a refusal of its kind, or an API request answered, with its
     * size. {@code fallbackSource} names the receiver when the endpoint did not; {@code likelyCause}
     * is used when the endpoint gave no cause.
     */
    Arrival arrival(Instant time, Source fallbackSource, String likelyCause) {
        Arrival.Kind what = kind();
        String agent = header("User-Agent").map(a -> a.length() > 200 ? a.substring(0, 200) : a).orElse("");
        Arrival.Request details = new Arrival.Request(method(), path(), status, grpcStatus, operation, agent);
        String why = cause.isEmpty() ? likelyCause : cause;
        return new Arrival(what, source != null ? source : fallbackSource, time, "", operation, "", List.of(), 0, size(),
                false, reason, why == null ? "" : why, details);
    }

    /** The kind the endpoint named, else the one the gRPC or HTTP status stands for. */
    Arrival.Kind kind() {
        return kind != null ? kind : grpcStatus > 0 ? grpcKind(grpcStatus) : Arrival.Kind.ofStatus(status);
    }

    private static Arrival.Kind grpcKind(int code) {
        return switch (code) {
            case 3 -> Arrival.Kind.MALFORMED;          // INVALID_ARGUMENT
            case 16 -> Arrival.Kind.UNAUTHORIZED;      // UNAUTHENTICATED
            case 7 -> Arrival.Kind.FORBIDDEN;          // PERMISSION_DENIED
            case 8 -> Arrival.Kind.TOO_LARGE;          // RESOURCE_EXHAUSTED
            case 12 -> Arrival.Kind.NOT_FOUND;         // UNIMPLEMENTED: no such method
            case 4 -> Arrival.Kind.TIMEOUT;            // DEADLINE_EXCEEDED
            case 13, 2, 14 -> Arrival.Kind.ERROR;      // INTERNAL, UNKNOWN, UNAVAILABLE
            default -> Arrival.Kind.REJECTED;
        };
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
