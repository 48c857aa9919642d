package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request reaches the store's listeners (the live view, the JSONL file), whatever it was
 * answered: its own kind of refusal, the answer, the real size of what arrived, the likely cause.
 */
class EveryRequestSeenTest {
    private static final String EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension(() -> {
        Store store = new Store(1000);
        store.onArrival(arrivals::add);
        return LocalBackends.start(ListenOptions.ephemeral().withBodyLimit(4 * 1024), Clock.systemUTC(), store);
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String url, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The one arrival announced since the last call: it is announced before the answer goes out. */
    private Arrival last() {
        assertThat(arrivals).as("one arrival for the request").hasSize(1);
        return arrivals.remove(0);
    }

    @Test
    void theDoubledPathIsShownWithTheVariableToChange() throws Exception {
        byte[] body = OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send("POST", listen.backends().httpBaseUrl() + "/v1/traces/v1/traces", "application/json", body);
        assertThat(response.statusCode()).isEqualTo(404);
        Arrival arrival = last();
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.NOT_FOUND);
        assertThat(arrival.source()).isEqualTo(Source.OTLP_HTTP);
        assertThat(arrival.request()).isEqualTo(new Arrival.Request("POST", "/v1/traces/v1/traces", 404, -1, "",
                arrival.request().userAgent()));
        assertThat(arrival.bytes()).isEqualTo(body.length);
        assertThat(arrival.cause()).contains("appended /v1/traces to an endpoint that already ends with /v1/traces")
                .contains("OTEL_EXPORTER_OTLP_ENDPOINT is the base URL")
                .contains("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as-is")
                .contains("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:" + listen.backends().httpPort() + " (no path)");
        assertThat(listen.backends().store().counts().refused()).isEqualTo(1);
        assertThat(listen.backends().store().spans()).isEmpty();
    }

    @Test
    void aMisspeltPathAPrefixAndAGetAreShownToo() throws Exception {
        assertThat(send("POST", listen.backends().httpBaseUrl() + "/v1/trace", "application/x-protobuf", new byte[10]).statusCode())
                .isEqualTo(404);
        Arrival singular = last();
        assertThat(singular.kind()).isEqualTo(Arrival.Kind.NOT_FOUND);
        assertThat(singular.bytes()).isEqualTo(10);
        assertThat(singular.cause()).contains("/v1/trace is none of them")
                .contains("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as-is, so it must end with /v1/traces");

        assertThat(send("POST", listen.backends().httpBaseUrl() + "/otlp/v1/logs", "application/x-protobuf", new byte[0]).statusCode())
                .isEqualTo(404);
        assertThat(last().cause()).contains("a path (/otlp) before /v1/logs").contains("OTEL_EXPORTER_OTLP_ENDPOINT=http://");

        HttpResponse<String> get = send("GET", listen.backends().httpBaseUrl() + "/v1/traces", null, null);
        assertThat(get.statusCode()).isEqualTo(405);
        Arrival arrival = last();
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.METHOD_NOT_ALLOWED);
        assertThat(arrival.request().method()).isEqualTo("GET");
        assertThat(arrival.reason()).contains("use POST /v1/traces");
        assertThat(arrival.cause()).contains("exports are POSTs");

        assertThat(send("GET", listen.backends().httpBaseUrl() + "/favicon.ico", null, null).statusCode()).isEqualTo(404);
        Arrival other = last();
        assertThat(other.source()).isEqualTo(Source.HTTP);
        assertThat(other.cause()).isEmpty();
    }

    @Test
    void eachRefusalHasItsOwnKindAndTheRealSize() throws Exception {
        byte[] trace = OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8);
        String unknownKey = "hcaikUNKNOWNunknownUNKNOWNunknown0000000000000000000000000000000";
        assertThat(send("POST", listen.backends().httpBaseUrl() + "/v1/traces", "application/json", trace, "x-honeycomb-team", unknownKey)
                .statusCode()).isEqualTo(401);
        Arrival unauthorized = last();
        assertThat(unauthorized.kind()).isEqualTo(Arrival.Kind.UNAUTHORIZED);
        assertThat(unauthorized.bytes()).isEqualTo(trace.length);
        assertThat(unauthorized.cause()).contains("--honeycomb-key");
        assertThat(unauthorized.toString()).doesNotContain(unknownKey);

        assertThat(send("POST", listen.backends().httpBaseUrl() + "/v1/traces", "text/plain", trace).statusCode()).isEqualTo(415);
        Arrival unsupported = last();
        assertThat(unsupported.kind()).isEqualTo(Arrival.Kind.UNSUPPORTED_MEDIA_TYPE);
        assertThat(unsupported.bytes()).isEqualTo(trace.length);
        assertThat(unsupported.cause()).contains("application/x-protobuf").contains("not text/plain");

        byte[] big = new byte[10_000];
        assertThat(send("POST", listen.backends().httpBaseUrl() + "/v1/traces", "application/x-protobuf", big).statusCode()).isEqualTo(413);
        Arrival tooLarge = last();
        assertThat(tooLarge.kind()).isEqualTo(Arrival.Kind.TOO_LARGE);
        assertThat(tooLarge.bytes()).isEqualTo(big.length);
        assertThat(tooLarge.cause()).contains("--body-limit (4096 bytes)");

        assertThat(send("POST", listen.backends().httpBaseUrl() + "/v1/traces", "application/x-protobuf", "garbage!!".getBytes())
                .statusCode()).isEqualTo(400);
        Arrival malformed = last();
        assertThat(malformed.kind()).isEqualTo(Arrival.Kind.MALFORMED);
        assertThat(malformed.reason()).contains("not a valid protobuf");
        assertThat(malformed.bytes()).isEqualTo(9);

        assertThat(listen.backends().store().counts().malformed()).isEqualTo(1);
        assertThat(listen.backends().store().counts().refused()).isEqualTo(3);
    }

    @Test
    void aBodySentWithoutContentLengthIsCountedEvenWhenRefusedUnread() throws Exception {
        byte[] trace = OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + "/v1/traces"))
                .header("Content-Type", "application/json").header("x-honeycomb-team", "not-a-known-key")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(trace))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        Arrival arrival = last();
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.UNAUTHORIZED);
        assertThat(arrival.bytes()).isEqualTo(trace.length);
    }

    @Test
    void anApiRequestAnsweredIsShownAsARequest() throws Exception {
        HttpResponse<String> auth = send("GET", listen.backends().httpBaseUrl() + "/1/auth", null, null,
                "X-Honeycomb-Team", AcceptedKey.LOCAL_CONFIGURATION.key());
        assertThat(auth.statusCode()).isEqualTo(200);
        Arrival arrival = last();
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.REQUEST);
        assertThat(arrival.source()).isEqualTo(Source.HONEYCOMB_API);
        assertThat(arrival.request().status()).isEqualTo(200);
        assertThat(arrival.request().path()).isEqualTo("/1/auth");
        assertThat(arrival.toString()).doesNotContain(AcceptedKey.LOCAL_CONFIGURATION.key());
        assertThat(listen.backends().store().counts().refused()).isZero();
    }

    @Test
    void anOtlpExportWithNoSpansIsStillShown() throws Exception {
        assertThat(send("POST", listen.backends().httpBaseUrl() + "/v1/traces", "application/json", "{}".getBytes()).statusCode())
                .isEqualTo(200);
        Arrival arrival = last();
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.REQUEST);
        assertThat(arrival.request().path()).isEqualTo("/v1/traces");
    }

    @Test
    void theWrongProtocolOnEitherPortIsShownWithTheCause() throws Exception {
        OkHttpClient h2 = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
        byte[] frame = ByteBuffer.allocate(5).put((byte) 0).putInt(0).array();
        try (Response response = h2.newCall(new Request.Builder().url(listen.backends().httpBaseUrl() + EXPORT).header("te", "trailers")
                .post(RequestBody.create(frame, MediaType.get("application/grpc"))).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("grpc-status")).isEqualTo("12");
        } finally {
            h2.connectionPool().evictAll();
        }
        Arrival grpcOnHttp = last();
        assertThat(grpcOnHttp.kind()).isEqualTo(Arrival.Kind.NOT_FOUND);
        assertThat(grpcOnHttp.request().grpcStatus()).isEqualTo(12);
        assertThat(grpcOnHttp.cause()).contains("a gRPC exporter is sending to the OTLP/HTTP port")
                .contains("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf").contains(":" + listen.backends().grpcPort());

        HttpResponse<String> httpOnGrpc = send("POST", listen.backends().grpcUrl() + "/v1/traces", "application/x-protobuf", new byte[5]);
        assertThat(httpOnGrpc.statusCode()).isEqualTo(404);
        assertThat(httpOnGrpc.body()).contains("OTLP/HTTP is served on port " + listen.backends().httpPort());
        Arrival httpOnGrpcPort = last();
        assertThat(httpOnGrpcPort.source()).isEqualTo(Source.OTLP_GRPC);
        assertThat(httpOnGrpcPort.bytes()).isEqualTo(5);
        assertThat(httpOnGrpcPort.cause()).contains("sending to the OTLP/gRPC port")
                .contains("http://127.0.0.1:" + listen.backends().httpPort());
    }

    @Test
    void grpcStillWorksOnItsPort() throws Exception {
        OkHttpClient h2 = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
        byte[] frame = ByteBuffer.allocate(5).put((byte) 0).putInt(0).array();
        try (Response response = h2.newCall(new Request.Builder().url(listen.backends().grpcUrl() + EXPORT).header("te", "trailers")
                .post(RequestBody.create(frame, MediaType.get("application/grpc"))).build()).execute()) {
            assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            response.body().bytes();
            assertThat(response.trailers().get("grpc-status")).isEqualTo("0");
        } finally {
            h2.connectionPool().evictAll();
        }
        Arrival empty = last();
        assertThat(empty.kind()).isEqualTo(Arrival.Kind.REQUEST);
        assertThat(empty.request().grpcStatus()).isZero();
    }
}
