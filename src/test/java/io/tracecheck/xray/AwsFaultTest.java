package io.tracecheck.xray;

import io.tracecheck.TestCli;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.aws.AcceptedCredentials;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS answers listen does not give on its own, from a fault-injecting server: expired session,
 * AccessDenied, 5xx, a hang, a rejected segment, Transaction Search, a trace never found. Also the
 * endpoint variables and the profile provider.
 */
class AwsFaultTest {
    private static final String STS_OK = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";

    @TempDir
    Path home;

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TestCli app() {
        return TestCli.in(home).env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("AWS_ENDPOINT_URL", server.url("/").toString()).env("OTEL_SERVICE_NAME", "web");
    }

    private static MockResponse xml(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "text/xml").body(body).build();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static String stsError(String code, String message) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>1</RequestId></ErrorResponse>";
    }

    @Test
    void anExpiredSessionIsNamed() {
        server.enqueue(xml(403, stsError("ExpiredToken", "The security token included in the request is expired")));
        TestCli.Result result = app().run("xray", "--via", "api", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("aws.credentials-expired");
    }

    @Test
    void accessDeniedNamesTheIamAction() {
        server.enqueue(xml(200, STS_OK));
        server.enqueue(new MockResponse.Builder().code(403).addHeader("x-amzn-ErrorType", "AccessDeniedException")
                .addHeader("Content-Type", "application/json")
                .body("{\"message\":\"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: xray:PutTraceSegments\"}")
                .build());
        TestCli.Result result = app().run("xray", "--via", "api", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("aws.access-denied");
        assertThat(result.problems().get(0).get("fix").toString()).contains("xray:PutTraceSegments");
    }

    @Test
    void aThrottleAnsweredWith400IsRateLimited() {
        server.enqueue(xml(200, STS_OK));
        server.enqueue(new MockResponse.Builder().code(400).addHeader("x-amzn-ErrorType", "ThrottledException")
                .addHeader("Content-Type", "application/json").body("{\"message\":\"Rate exceeded\"}").build());
        TestCli.Result result = app().run("xray", "--via", "api", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.rate-limited");
        assertThat(result.problems().get(0).get("message").toString()).contains("ThrottledException").contains("PutTraceSegments");
    }

    @Test
    void anInterruptedListingIsNotAnEmptyOne() {
        server.enqueue(json(200, "{\"TraceSummaries\":[]}"));
        TestCli.Result result;
        Thread.currentThread().interrupt();
        try {
            result = app().run("traces", "--source", "xray");
        } finally {
            Thread.interrupted();
        }
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.out()).doesNotContain("No traces").contains("interrupted");
    }

    @Test
    void serverErrorsAndHangsAreNamed() throws Exception {
        server.enqueue(xml(503, stsError("ServiceUnavailable", "try later")));
        assertThat(app().run("xray", "--via", "api", "-o", "json").codes()).containsExactly("http.server-error");
        // a server that accepts and never answers a byte
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            TestCli.Result hang = app().env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + silent.getLocalPort())
                    .run("xray", "--via", "api", "-o", "json", "--timeout", "1s");
            // the deadline, not the silent server, ended it: the report names the step, the host and the 1 s
            assertThat(hang.codes()).as(hang.toString()).containsExactly("net.timeout");
            String address = "127.0.0.1:" + silent.getLocalPort();
            assertThat(hang.problems().get(0).get("message").toString())
                    .isEqualTo(address + " did not answer within --timeout 1.0s");
            Map<String, Object> check = checks(hang).get(0);
            assertThat(steps(check)).extracting(s -> s.get("name") + " " + s.get("status") + " " + s.get("detail"))
                    .contains("identity fail no answer from " + address + " within --timeout 1.0s");
            assertThat(check.get("summary")).isEqualTo("identity: no answer from " + address + " within --timeout 1.0s");
            // a generous bound only: a hang would be cut at the deadline plus grace, nowhere near a minute
            assertThat(((Number) check.get("duration_ms")).longValue()).isLessThan(60_000);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checks(TestCli.Result result) {
        return (List<Map<String, Object>>) result.json().get("checks");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> check) {
        return (List<Map<String, Object>>) check.get("steps");
    }

    @Test
    void aRejectedSegmentCarriesItsErrorCode() {
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"UnprocessedTraceSegments\":[{\"Id\":\"70de5b6f19ff9a0a\",\"ErrorCode\":\"InvalidTraceId\","
                + "\"Message\":\"trace id is too old\"}]}"));
        TestCli.Result result = app().run("xray", "--via", "api", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.segment-rejected");
        assertThat(result.problems().get(0).get("message").toString()).contains("InvalidTraceId trace id is too old");
    }

    @Test
    void transactionSearchExplainsWhereTheSpansWent() {
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"UnprocessedTraceSegments\":[]}"));
        server.enqueue(json(200, "{\"SamplingRuleRecords\":[]}"));
        server.enqueue(json(200, "{\"Destination\":\"CloudWatchLogs\",\"Status\":\"ACTIVE\"}"));
        for (int i = 0; i < 20; i++) { // BatchGetTraces shows only indexed traces: this one never was
            server.enqueue(json(200, "{\"Traces\":[],\"UnprocessedTraceIds\":[]}"));
        }
        TestCli.Result result = app().run("xray", "--via", "api", "--verify", "--verify-timeout", "1s", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.transaction-search");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aTraceNeverFoundIsNamed() {
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"UnprocessedTraceSegments\":[]}"));
        server.enqueue(json(200, "{\"SamplingRuleRecords\":[{\"SamplingRule\":{\"RuleName\":\"off\",\"Priority\":1,"
                + "\"FixedRate\":0.0,\"ReservoirSize\":0,\"ServiceName\":\"web\",\"ServiceType\":\"*\",\"Host\":\"*\","
                + "\"HTTPMethod\":\"*\",\"URLPath\":\"*\",\"ResourceARN\":\"*\",\"Version\":1}}]}"));
        server.enqueue(json(200, "{\"Destination\":\"XRay\",\"Status\":\"ACTIVE\"}"));
        for (int i = 0; i < 20; i++) {
            server.enqueue(json(200, "{\"Traces\":[],\"UnprocessedTraceIds\":[]}"));
        }
        TestCli.Result result = app().run("xray", "--via", "api", "--verify", "--verify-timeout", "1s", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.sampling-zero", "xray.trace-not-found");
    }

    @Test
    void serviceSpecificEndpointsWinOverAwsEndpointUrl() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (LocalBackends local = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            TestCli.Result result = TestCli.in(home).env("AWS_REGION", "us-east-1")
                    .env("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId())
                    .env("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey())
                    .env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closed)
                    .env("AWS_ENDPOINT_URL_STS", local.httpBaseUrl()).env("AWS_ENDPOINT_URL_XRAY", local.httpBaseUrl())
                    .run("xray", "--via", "api", "-o", "json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    @Test
    void credentialsFromAProfileNameTheProfile() throws Exception {
        try (LocalBackends local = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            Files.writeString(home.resolve("aws-credentials"), "[staging]\naws_access_key_id = "
                    + AcceptedCredentials.LOCAL.accessKeyId() + "\naws_secret_access_key = "
                    + AcceptedCredentials.LOCAL.secretAccessKey() + "\n");
            Files.writeString(home.resolve("aws-config"), "[profile staging]\nregion = eu-west-1\n");
            TestCli.Result result = TestCli.in(home).env("AWS_PROFILE", "staging").env("AWS_ENDPOINT_URL", local.httpBaseUrl())
                    .run("xray", "--via", "api");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("region: eu-west-1").contains("credentials: from profile staging");
            assertThat(result.all()).doesNotContain(AcceptedCredentials.LOCAL.secretAccessKey());
        }
    }
}
