package io.tracecheck.http;

import io.tracecheck.grpc.GrpcWire;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okhttp3.Protocol;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tracecheck's HTTP client against OkHttp's independent server, HTTP/1.1 and HTTP/2 with prior knowledge. */
class HttpCallsTest {
    private final MockWebServer server = new MockWebServer();
    private final List<String> log = new ArrayList<>();
    private final HttpCalls http = new HttpCalls(java.time.Clock.systemUTC(), Duration.ofSeconds(10), log::add);

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.close();
    }

    private URI url(String path) {
        return URI.create(server.url(path).toString());
    }

    @Test
    void grpcOverH2cSendsTheCallAndReadsHeadersBodyAndTrailers() throws Exception {
        server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        server.start();
        byte[] reply = GrpcWire.frame("pong".getBytes());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/grpc")
                .body(new Buffer().write(reply))
                .trailers(Headers.of("grpc-status", "16", "grpc-message", "unknown%20API%20key")).build());
        byte[] framed = GrpcWire.frame("ping".getBytes());

        HttpAnswer answer = http.grpc(url("/pkg.Service/Export"), Map.of("X-Honeycomb-Team", "k1"), framed);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(reply);
        assertThat(answer.header("Content-Type")).contains("application/grpc");
        assertThat(answer.header("grpc-status")).contains("16");
        assertThat(answer.header("grpc-message").map(GrpcWire::decodeMessage)).contains("unknown API key");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/pkg.Service/Export");
        assertThat(request.getHeaders().get("content-type")).isEqualTo("application/grpc");
        assertThat(request.getHeaders().get("te")).isEqualTo("trailers");
        assertThat(request.getHeaders().get("x-honeycomb-team")).isEqualTo("k1");
        assertThat(request.getBody().toByteArray()).isEqualTo(framed);
        assertThat(log).anyMatch(line -> line.startsWith("← 200 h2c"));
    }

    @Test
    void anAnswerLargerThanTheCapIsCutOverBothProtocols() throws Exception {
        byte[] large = new byte[HttpCalls.MAX_BODY + 300_000];
        server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        server.start();
        server.enqueue(new MockResponse.Builder().body(new Buffer().write(large)).build());
        assertThat(http.grpc(url("/big"), Map.of(), new byte[0]).body()).hasSize(HttpCalls.MAX_BODY);
        server.close();

        try (MockWebServer plain = new MockWebServer()) {
            plain.start();
            plain.enqueue(new MockResponse.Builder().body(new Buffer().write(large)).build());
            plain.enqueue(new MockResponse.Builder().chunkedBody(new Buffer().write(large), 64 * 1024).build());
            URI big = URI.create(plain.url("/big").toString());
            assertThat(http.get(big, Map.of()).body()).hasSize(HttpCalls.MAX_BODY);
            assertThat(http.get(big, Map.of()).body()).hasSize(HttpCalls.MAX_BODY);
        }
    }

    @Test
    void chunkedAnswersAreReadWholeAndTheConnectionIsKept() throws Exception {
        server.start();
        server.enqueue(new MockResponse.Builder().chunkedBody("{\"id\":\"q1\",\"complete\":true}", 5).build());
        String many = "a".repeat(200_000);
        server.enqueue(new MockResponse.Builder().chunkedBody(many, 8).build());

        assertThat(http.post(url("/1/queries/web"), Map.of(), "application/json", "{}".getBytes()).text())
                .isEqualTo("{\"id\":\"q1\",\"complete\":true}");
        assertThat(http.get(url("/1/query_results/web/r1"), Map.of()).text()).isEqualTo(many);

        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(first.getHeaders().get("Content-Length")).isEqualTo("2");
        assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
    }

    @Test
    void redirectsAreReportedNotFollowed() throws Exception {
        server.start();
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/elsewhere").build());
        server.enqueue(new MockResponse.Builder().body("followed").build());

        HttpAnswer answer = http.get(url("/api/1/item_by_uuid?uuid=x"), Map.of());

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("location")).contains("/elsewhere");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionFailsOnceAndIsNotRetried() throws Exception {
        server.start();
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(new MockResponse.Builder().body("next").build());

        assertThatThrownBy(() -> http.post(url("/v1/traces"), Map.of(), "application/x-protobuf", new byte[10]))
                .isInstanceOf(IOException.class);
        // the next answer is still there for the next call: the failed one was not sent again
        assertThat(http.get(url("/v1/traces"), Map.of()).text()).isEqualTo("next");
    }

    @Test
    void aStalledHttp2ServerTimesOut() throws Exception {
        server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        server.start();
        server.enqueue(new MockResponse.Builder().onRequestStart(SocketEffect.Stall.INSTANCE).build());
        HttpCalls quick = new HttpCalls(java.time.Clock.systemUTC(), Duration.ofMillis(300), line -> { });
        assertThatThrownBy(() -> quick.grpc(url("/pkg.Service/Export"), Map.of(), GrpcWire.frame(new byte[0])))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void headersWithLineBreaksAreNeverSent() throws Exception {
        server.start();
        assertThatThrownBy(() -> http.get(url("/"), Map.of("x-honeycomb-team", "key\r\nX-Injected: 1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * A resolver that never answers (a silent DNS server) cannot hold a call past its deadline: the lookup is
     * given what is left of it, and its timeout names DNS, which the check reports as net.timeout with the lookup
     * named, not as a server that did not answer.
     */
    @Test
    void aSilentResolverIsCutOffByTheCallsDeadline() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        HttpCalls.Resolver silent = host -> {
            lookups.incrementAndGet();
            try {
                never.await();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        };
        URI target = URI.create("http://collector.example:4318/v1/traces");
        try (HttpCalls quick = new HttpCalls(java.time.Clock.systemUTC(), Duration.ofMillis(300), line -> { }).withResolver(silent)) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                IOException failure = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                        () -> quick.post(target, Map.of(), "application/x-protobuf", new byte[0]));
                assertThat(failure).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("DNS lookup of collector.example did not finish");
                io.tracecheck.core.Problem problem = io.tracecheck.core.NetworkFailures.of(failure, target, Duration.ofMillis(300));
                assertThat(problem.code()).isEqualTo(io.tracecheck.core.ProblemCode.NET_TIMEOUT);
                assertThat(problem.message()).startsWith("the DNS lookup of collector.example did not finish within 300ms");
                assertThat(problem.fix()).startsWith("getent hosts collector.example  # ");
                assertThat(problem.headline()).startsWith("no answer from the DNS resolver for collector.example");
            });
        } finally {
            never.countDown();
        }
        assertThat(lookups.get()).isEqualTo(1);

        // a resolver that answers "no such host" is net.dns, as before
        HttpCalls.Resolver unknown = host -> {
            throw new java.net.UnknownHostException(host);
        };
        try (HttpCalls calls = new HttpCalls(java.time.Clock.systemUTC(), Duration.ofSeconds(5), line -> { }).withResolver(unknown)) {
            IOException failure = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> calls.get(target, Map.of()));
            assertThat(io.tracecheck.core.NetworkFailures.of(failure, target, Duration.ofSeconds(5)).code())
                    .isEqualTo(io.tracecheck.core.ProblemCode.NET_DNS);
        }
    }
}
