package io.tracecheck.aws;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the AWS seam makes of answers, through the checks: AWS's error codes decide whatever the
 * status they come with, and answers that are not AWS's (a page, a redirect, a 407, an empty 200)
 * are named as such instead of being read as AWS's.
 */
class AwsAnswersTest {
    private static final String STS_OK = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";

    @TempDir
    Path home;

    private final MockWebServer server = new MockWebServer();
    private String base;

    @BeforeEach
    void start() throws Exception {
        server.start();
        base = server.url("/").toString().replaceAll("/$", "");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TestCli app() {
        return TestCli.in(home).env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET).env("AWS_ENDPOINT_URL", base + "/");
    }

    private static MockResponse stsOk() {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(STS_OK).build();
    }

    /** A CloudWatch Logs error as AWS's JSON protocol sends it, with the status given. */
    private static MockResponse logsError(int status, String code, String message) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/x-amz-json-1.1")
                .body("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").build();
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource({
        "AccessDeniedException, 400, aws.access-denied",
        "AccessDeniedException, 500, aws.access-denied",
        "AccessDenied, 403, aws.access-denied",
        "UnauthorizedOperation, 400, aws.access-denied",
        "com.amazonaws.logs#AccessDeniedException, 400, aws.access-denied",
        "ValidationException, 403, http.unexpected",
        "InvalidParameterException, 400, http.unexpected",
        "InvalidParameterValue, 500, http.unexpected",
        "ThrottlingException, 400, http.rate-limited",
        "TooManyRequestsException, 503, http.rate-limited"})
    void errorCodesDecideWhateverTheStatus(String code, int status, String expected) {
        server.enqueue(stsOk());
        server.enqueue(logsError(status, code, "refused by the test"));
        TestCli.Result result = app().run("logs", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly(expected);
        if (expected.equals("http.unexpected")) {
            assertThat(result.problems().get(0).get("message").toString())
                    .isEqualTo("CloudWatch Logs refused PutLogEvents as invalid (" + code + "): refused by the test");
        }
        if (expected.equals("aws.access-denied")) {
            assertThat(result.problems().get(0).get("fix").toString()).contains("logs:PutLogEvents");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "AuthorizationError"})
    void accessDeniedCodes(String code) {
        for (int status : new int[] {400, 401, 403, 404, 500}) {
            assertThat(AwsError.classify(code, "", status)).as("%s with %d", code, status).isEqualTo(AwsError.ACCESS_DENIED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ValidationException", "ValidationError", "InvalidParameterException", "InvalidParameterValue",
        "InvalidParameterValueException", "InvalidParameterCombination", "MissingParameter", "InvalidInputException",
        "SerializationException", "aws.logs#ValidationException", "ValidationException:http://internal.amazon.com/"})
    void validationCodes(String code) {
        for (int status : new int[] {400, 403, 404, 422, 500}) {
            assertThat(AwsError.classify(code, "", status)).as("%s with %d", code, status).isEqualTo(AwsError.VALIDATION);
        }
    }

    @Test
    void aPortalPageInsteadOfStsIsNotAws() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><head><title>Airport WiFi</title></head></html>").build());
        TestCli.Result result = app().run("logs", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("http.unexpected");
        assertThat(result.problems().get(0)).containsEntry("message", base + " answered 200 OK (text/html), a web page "
                + "titled \"Airport WiFi\": a proxy, a captive portal or a wrong URL answered, not STS");
        assertThat(result.problems().get(0).get("fix").toString()).startsWith("curl -sS -i " + base + " ");
    }

    @Test
    void aRedirectAndA407AreNotAws() {
        server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "https://sso.example/").build());
        TestCli.Result redirect = app().run("xray", "--via", "api", "-o", "json");
        assertThat(redirect.problems().get(0)).containsEntry("message", base + " answered 307 Temporary Redirect, "
                + "a redirect to https://sso.example/ (no Content-Type): a proxy or a wrong URL answered, not STS "
                + "(neither tracecheck nor the SDKs follow it)");

        server.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"dc1\"").build());
        TestCli.Result proxy = app().run("xray", "--via", "api", "-o", "json");
        assertThat(proxy.codes()).as(proxy.toString()).containsExactly("http.unexpected");
        assertThat(proxy.problems().get(0).get("message").toString()).startsWith(base + " answered 407 Proxy "
                + "Authentication Required, it asks for Basic credentials (realm \"dc1\"): a proxy between here and");
    }

    @Test
    void anEmpty200WithoutAContentTypeIsNotAnAcceptedSegment() {
        server.enqueue(stsOk());
        server.enqueue(new MockResponse.Builder().code(200).build());
        TestCli.Result result = app().run("xray", "--via", "api", "-o", "json");
        assertThat(result.codes()).as(result.toString()).contains("http.unexpected");
        assertThat(result.problems().get(0).get("message").toString()).isEqualTo(base + "/TraceSegments answered 200 OK "
                + "with an empty body, not X-Ray's JSON or XML: a proxy or a wrong URL answered, not X-Ray");
    }

    @Test
    void namesAwsRefusesAreCaughtBeforeAnyRequest() {
        TestCli.Result reserved = app().env("TRACECHECK_LOG_GROUP", "aws/my-app").run("logs", "-o", "json");
        assertThat(reserved.codes()).as(reserved.toString()).containsExactly("config.malformed");
        assertThat(reserved.problems().get(0)).containsEntry("message", "TRACECHECK_LOG_GROUP is 'aws/my-app', which AWS "
                + "refuses as a log group name: names beginning with aws/ are reserved for AWS's own log groups");
        assertThat(reserved.problems().get(0)).containsEntry("fix", "export TRACECHECK_LOG_GROUP=my-app");

        TestCli.Result spaced = app().run("logs", "--log-group", "my app", "-o", "json");
        assertThat(spaced.problems().get(0)).containsEntry("message", "--log-group 'my app' is a name AWS refuses: it has "
                + "a space at position 3; a log group name has only letters, digits and '.', '-', '_', '/', '#'");
        assertThat(spaced.problems().get(0)).containsEntry("fix", "tracecheck logs --log-group my-app");

        TestCli.Result stream = app().run("logs", "--log-stream", "web:1", "-o", "json");
        assertThat(stream.problems().get(0).get("message").toString())
                .isEqualTo("--log-stream 'web:1' is a name AWS refuses: it has ':' at position 4; a log stream name may "
                        + "not hold ':' or '*'");

        String long33 = "a".repeat(33);
        TestCli.Result group = app().run("xray", "--via", "api", "--group", long33, "-o", "json");
        assertThat(group.problems().get(0)).containsEntry("message", "--group '" + long33 + "' is a name AWS refuses: it "
                + "has 33 characters; an X-Ray group name has at most 32");
        assertThat(server.getRequestCount()).as("nothing sent for a name AWS would refuse").isZero();
    }

    @Test
    void theStaticReviewKnowsTheSameRules() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("TRACECHECK_LOG_GROUP", "logs".repeat(129)).env("TRACECHECK_LOG_STREAM", "probe*")
                .env("TRACECHECK_XRAY_GROUP", "Has spaces_and.dots ok").run("env", "-o", "json", "--only", "logs");
        assertThat(result.codes()).as(result.toString()).containsExactly("config.malformed", "config.malformed");
        assertThat(result.problems().get(0).get("message").toString()).endsWith("it has 516 characters; a log group name "
                + "has at most 512");
        assertThat(result.problems().get(1).get("fix").toString()).isEqualTo("export TRACECHECK_LOG_STREAM=probe-");
    }

    /**
     * The client makes its TLS context only for an https:// endpoint (AwsHttp): both ways still work,
     * the plain server is spoken to in cleartext through http://, and through https:// the handshake is
     * attempted against a plain HTTP answer and fails as a TLS failure.
     */
    @Test
    void httpsEndpointsAreSpokenTlsAndHttpOnesCleartext() throws Exception {
        server.enqueue(stsOk());
        server.enqueue(logsError(400, "ResourceNotFoundException", "The specified log group does not exist."));
        TestCli.Result plain = app().run("logs", "-o", "json");
        assertThat(plain.codes()).as(plain.toString()).containsExactly("logs.group-missing");
        assertThat(server.getRequestCount()).isEqualTo(2);

        try (java.net.ServerSocket cleartext = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                while (!cleartext.isClosed()) {
                    try (java.net.Socket socket = cleartext.accept()) {
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            TestCli.Result tls = app().env("AWS_ENDPOINT_URL", "https://127.0.0.1:" + cleartext.getLocalPort() + "/")
                    .run("logs", "-o", "json");
            assertThat(tls.codes()).as(tls.toString()).containsExactly("net.tls");
        }
    }
}
