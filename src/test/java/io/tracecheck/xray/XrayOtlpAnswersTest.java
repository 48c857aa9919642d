package io.tracecheck.xray;

import io.tracecheck.TestCli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The OTLP traces endpoint's answers that listen does not give on its own, from a fault-injecting server. */
class XrayOtlpAnswersTest {
    private static final String STS_OK = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
    private static final String ACTIVE = "{\"Destination\":\"CloudWatchLogs\",\"Status\":\"ACTIVE\"}";

    @TempDir
    Path home;

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(STS_OK).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TestCli app() {
        return TestCli.in(home).env("AWS_REGION", "eu-west-1").env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("AWS_ENDPOINT_URL", server.url("/").toString()).env("OTEL_SERVICE_NAME", "web");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse awsError(int code, String type, String message) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .addHeader("x-amzn-ErrorType", type).addHeader("x-amzn-RequestId", "a1b2")
                .body("{\"message\":\"" + message + "\"}").build();
    }

    @Test
    void theProbeIsSignedForXrayInTheRegionAndAccessDeniedNamesPutSpans() throws Exception {
        server.enqueue(json(200, ACTIVE));
        server.enqueue(awsError(403, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: xray:PutSpans"));
        TestCli.Result result = app().run("xray", "--via", "otlp", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("aws.access-denied");
        assertThat(result.problems().get(0).get("message").toString()).contains("xray:PutSpans");
        server.takeRequest(5, TimeUnit.SECONDS); // STS
        server.takeRequest(5, TimeUnit.SECONDS); // GetTraceSegmentDestination
        RecordedRequest spans = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(spans.getTarget()).isEqualTo("/v1/traces");
        assertThat(spans.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(spans.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
                .contains("/eu-west-1/xray/aws4_request").contains("content-type").contains("host");
        assertThat(result.all()).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void throttlingAnUnknownKeyAndAServerErrorAreNamed() {
        server.enqueue(json(200, ACTIVE));
        server.enqueue(awsError(429, "ThrottlingException", "Rate exceeded"));
        assertThat(app().run("xray", "--via", "otlp", "-o", "json").codes()).containsExactly("http.rate-limited");

        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(STS_OK).build());
        server.enqueue(json(200, ACTIVE));
        server.enqueue(awsError(403, "UnrecognizedClientException", "The security token included in the request is invalid."));
        assertThat(app().run("xray", "--via", "otlp", "-o", "json").codes()).containsExactly("aws.credentials-invalid");

        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(STS_OK).build());
        server.enqueue(json(200, ACTIVE));
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Content-Type", "text/plain").body("unavailable").build());
        assertThat(app().run("xray", "--via", "otlp", "-o", "json").codes()).containsExactly("http.server-error");
    }

    @Test
    void whenTheDestinationCannotBeReadTheEndpointsRefusalSaysTransactionSearchIsOff() {
        server.enqueue(awsError(403, "AccessDeniedException", "not authorized to perform: xray:GetTraceSegmentDestination"));
        server.enqueue(awsError(400, "InvalidRequestException", "The OTLP API is supported with CloudWatch Logs as a Trace "
                + "Segment Destination. Please enable it with UpdateTraceSegmentDestination."));
        TestCli.Result result = app().run("xray", "--via", "otlp", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("aws.access-denied", "xray.transaction-search-off");
        assertThat(result.problems().get(0).get("severity")).isEqualTo("warn");
        assertThat(result.problems().get(1).get("fix").toString())
                .endsWith("aws xray update-trace-segment-destination --destination CloudWatchLogs --region eu-west-1");
    }
}
