package io.tracecheck.listen;

import io.tracecheck.listen.aws.AcceptedCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the hostile-input tests share: signed AWS requests, raw requests, and what no answer may contain. */
final class Hostile {
    /** A Java exception's or stack frame's text, or the HTTP server's HTML page: never in an answer of listen's. */
    static final Pattern JAVA_TEXT = Pattern.compile("java\\.|javax\\.|NullPointer|ClassCast|NumberFormat|IllegalArgument"
            + "|IllegalState|IndexOutOfBounds|OutOfMemory|StackOverflow|IOException|RuntimeException|MalformedInput"
            + "|ArithmeticException|DateTimeException|\\tat |<html|<HTML|fromIndex");

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Hostile() {
    }

    /**
     * The bytes still reserved once the server has finished with every request it was sent, waiting up to a
     * minute for that: a request's reservation is given back when the server's response callback completes or
     * it sees the client's socket close, on its own threads, possibly just after the client has moved on. A leak
     * never gets to zero.
     */
    static long reservedWhenSettled(MemoryBudget budget) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (budget.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return budget.inFlight();
    }

    /** Signs with listen's own credentials for {@code service} in {@code region}, as an AWS SDK would. */
    @SuppressWarnings("deprecation") // the classic signer signs exactly the headers given
    static HttpResponse<String> signed(String baseUrl, String service, String region, String path, byte[] body,
                                       Map<String, String> headers) throws IOException, InterruptedException {
        URI base = URI.create(baseUrl);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host(base.getHost()).port(base.getPort()).encodedPath(path)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body));
        headers.forEach(request::putHeader);
        AcceptedCredentials local = AcceptedCredentials.LOCAL;
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(local.accessKeyId(), local.secretAccessKey()))
                .signingName(service).signingRegion(Region.of(region)).build());
        HttpRequest.Builder http = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase(java.util.Locale.ROOT))) {
                http.header(name, values.get(0));
            }
        });
        return CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String contentType, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(http::header);
        return CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(http::header);
        return CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends bytes as they are and reads the answer until the server closes or {@code timeout} passes. */
    static String raw(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (java.net.SocketException answeredEarly) {
                // the server refused the request before it was all sent (and may have said why): read that
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            int read;
            try {
                while ((read = in.read(chunk)) >= 0 && answer.size() < 1 << 20) {
                    answer.write(chunk, 0, read);
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException stopped) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String raw(int port, String request) throws IOException {
        return raw(port, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(30));
    }

    /** The status of a raw answer's first line, -1 when there is none (the server closed without answering). */
    static int status(String rawAnswer) {
        if (!rawAnswer.startsWith("HTTP/1.1 ") || rawAnswer.length() < 12) {
            return -1;
        }
        return Integer.parseInt(rawAnswer.substring(9, 12));
    }

    /** The names of the live threads of listen. */
    static Set<String> listenThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("tracecheck-listen") || name.startsWith("tracecheck-xray-udp"))
                .collect(Collectors.toSet());
    }

    static String otlpJsonSpan(String name) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"hostile\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":" + quote(name) + ",\"kind\":1,\"startTimeUnixNano\":\""
                + (System.currentTimeMillis() * 1_000_000L) + "\",\"endTimeUnixNano\":\""
                + (System.currentTimeMillis() * 1_000_000L + 1000) + "\"}]}]}]}";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
