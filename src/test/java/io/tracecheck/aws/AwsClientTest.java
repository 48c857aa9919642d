package io.tracecheck.aws;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import io.tracecheck.core.Severity;
import io.tracecheck.core.Status;
import io.tracecheck.core.StepTimer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.xray.XRayClient;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The seam's one call wrapper against a fault-injecting server answering in AWS's JSON error
 * shape: each class of error code becomes its problem, whatever the HTTP status.
 */
class AwsClientTest {
    private static final String JSON_1_1 = "application/x-amz-json-1.1";

    @TempDir
    Path home;

    private MockWebServer server;
    private AwsSession session;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        session = open(server.url("/").toString());
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        server.close();
    }

    private AwsSession open(String endpoint) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "AWS_EC2_METADATA_DISABLED", "true"));
        env.put("AWS_ENDPOINT_URL", endpoint);
        Settings settings = Settings.of(env);
        ConfigReview review = new ConfigReview("aws", settings);
        CheckContext context = new CheckContext(settings, Duration.ofSeconds(10), "run", Clock.systemUTC(), line -> { });
        return AwsSession.open(AwsConfig.review(review), review, context, new StepTimer(Clock.systemUTC())).orElseThrow();
    }

    /** CloudWatch Logs' (JSON 1.1) error: the code in __type, the status as given. */
    private void answer(int status, String code, String message) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", JSON_1_1)
                .body("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").build());
    }

    private AwsFailure putLogEventsFails() {
        try (AwsClient<CloudWatchLogsClient> logs = session.client(AwsService.logs())) {
            return catchThrowableOfType(AwsFailure.class, () -> logs.call("PutLogEvents",
                    c -> c.putLogEvents(r -> r.logGroupName("g").logStreamName("s"))));
        }
    }

    @ParameterizedTest(name = "{0} with status {1}")
    @CsvSource({"ThrottlingException,400", "ThrottledException,400", "TooManyRequestsException,400",
            "RequestLimitExceeded,400", "ThrottlingException,503", "Throttling,429"})
    void throttlingIsRateLimitedWhateverTheStatus(String code, int status) {
        answer(status, code, "Rate exceeded");
        AwsFailure failure = putLogEventsFails();
        assertThat(failure.kind()).isEqualTo(AwsError.THROTTLED);
        assertThat(failure.problem().code()).isEqualTo(ProblemCode.HTTP_RATE_LIMITED);
        assertThat(failure.problem().message()).contains(code).contains("PutLogEvents").contains("HTTP " + status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AccessDeniedException", "AccessDenied"})
    void accessDeniedNamesTheIamAction(String code) {
        answer(400, code, "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:PutLogEvents");
        AwsFailure failure = putLogEventsFails();
        assertThat(failure.problem().code()).isEqualTo(ProblemCode.AWS_ACCESS_DENIED);
        assertThat(failure.problem().fix()).contains("logs:PutLogEvents").contains("environment variables");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"InvalidParameterException", "ValidationException", "SerializationException"})
    void validationSaysTheRequestWasRefusedAsInvalid(String code) {
        answer(400, code, "1 validation error detected: Value 'g*' at 'logGroupName' failed to satisfy constraint");
        AwsFailure failure = putLogEventsFails();
        assertThat(failure.kind()).isEqualTo(AwsError.VALIDATION);
        assertThat(failure.problem().code()).isEqualTo(ProblemCode.HTTP_UNEXPECTED);
        assertThat(failure.problem().message()).contains("CloudWatch Logs refused PutLogEvents as invalid (" + code + ")")
                .contains("logGroupName");
    }

    @ParameterizedTest(name = "{0} with status {1}")
    @CsvSource({"UnrecognizedClientException,400,aws.credentials-invalid", "InvalidClientTokenId,403,aws.credentials-invalid",
            "ExpiredTokenException,400,aws.credentials-expired", "InvalidSignatureException,403,aws.signature-mismatch",
            "InternalFailure,500,http.server-error", "ServiceUnavailableException,503,http.server-error"})
    void credentialAndServerCodesAreNamed(String code, int status, String problem) {
        answer(status, code, "no");
        assertThat(putLogEventsFails().problem().code().id()).isEqualTo(problem);
    }

    @Test
    void aSignatureTooOldIsTheClock() {
        answer(400, "InvalidSignatureException", "Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z");
        AwsFailure failure = putLogEventsFails();
        assertThat(failure.problem().code()).isEqualTo(ProblemCode.AWS_CLOCK_SKEW);
    }

    @Test
    void theMissingResourceIsReadFromTheMessageOnlyUnderItsCode() {
        answer(400, "ResourceNotFoundException", "The specified log group does not exist.");
        assertThat(putLogEventsFails().kind()).isEqualTo(AwsError.LOG_GROUP_NOT_FOUND);
        answer(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        assertThat(putLogEventsFails().kind()).isEqualTo(AwsError.LOG_STREAM_NOT_FOUND);
        answer(400, "ResourceAlreadyExistsException", "The specified log group already exists");
        assertThat(putLogEventsFails().kind()).isEqualTo(AwsError.ALREADY_EXISTS);
        // the code decides first: a throttle that happens to mention the log group is a throttle
        answer(400, "ThrottlingException", "Rate exceeded for the log group g");
        assertThat(putLogEventsFails().kind()).isEqualTo(AwsError.THROTTLED);
    }

    @Test
    void xraysMissingGroupIsAnInvalidRequestSayingSo() {
        server.enqueue(new MockResponse.Builder().code(400).addHeader("x-amzn-ErrorType", "InvalidRequestException")
                .addHeader("Content-Type", "application/json").body("{\"message\":\"Group not found\"}").build());
        server.enqueue(new MockResponse.Builder().code(400).addHeader("x-amzn-ErrorType", "InvalidRequestException")
                .addHeader("Content-Type", "application/json").body("{\"message\":\"Invalid group name: a b\"}").build());
        try (AwsClient<XRayClient> xray = session.client(AwsService.xray())) {
            AwsFailure missing = catchThrowableOfType(AwsFailure.class, () -> xray.call("GetGroup",
                    c -> c.getGroup(r -> r.groupName("checkout"))));
            assertThat(missing.kind()).isEqualTo(AwsError.XRAY_GROUP_NOT_FOUND);
            AwsFailure invalid = catchThrowableOfType(AwsFailure.class, () -> xray.call("GetGroup",
                    c -> c.getGroup(r -> r.groupName("a b"))));
            assertThat(invalid.kind()).isEqualTo(AwsError.VALIDATION);
        }
    }

    @Test
    void anEndpointWithoutTheOperationSaysSo() {
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
                .body("<html><title>404 Not Found</title></html>").build());
        try (AwsClient<XRayClient> xray = session.client(AwsService.xray())) {
            AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> xray.call("GetSamplingRules",
                    c -> c.getSamplingRules(r -> { })));
            assertThat(failure.kind()).isEqualTo(AwsError.UNSUPPORTED_OPERATION);
            assertThat(failure.problem().message()).isEqualTo("this X-Ray endpoint does not serve GetSamplingRules (404)");
        }
    }

    @Test
    void noAnswerIsANetworkProblemAtTheEndpoint() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (AwsSession nowhere = open("http://127.0.0.1:" + closed);
             AwsClient<CloudWatchLogsClient> logs = nowhere.client(AwsService.logs())) {
            assertThat(logs.endpoint().toString()).isEqualTo("http://127.0.0.1:" + closed);
            AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> logs.call("PutLogEvents",
                    c -> c.putLogEvents(r -> r.logGroupName("g").logStreamName("s"))));
            assertThat(failure.kind()).isEqualTo(AwsError.NETWORK);
            assertThat(failure.problem().code()).isEqualTo(ProblemCode.NET_REFUSED);
            assertThat(failure.problem().message()).contains("127.0.0.1:" + closed);
        }
    }

    @Test
    void aStepRecordsItsBeginAndEndWithTheProblem() {
        answer(400, "AccessDeniedException", "not authorized");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", JSON_1_1)
                .body("{\"nextSequenceToken\":\"1\"}").build());
        StepTimer steps = new StepTimer(Clock.systemUTC());
        try (AwsClient<CloudWatchLogsClient> logs = session.client(AwsService.logs())) {
            Optional<?> denied = logs.step(steps, "write", "PutLogEvents",
                    c -> c.putLogEvents(r -> r.logGroupName("g").logStreamName("s")), answer -> "written",
                    AwsClient.Failed.ending("not written"));
            Optional<?> written = logs.step(steps, "again", "PutLogEvents",
                    c -> c.putLogEvents(r -> r.logGroupName("g").logStreamName("s")), answer -> "written",
                    AwsClient.Failed.ending("not written"));
            assertThat(denied).isEmpty();
            assertThat(written).isPresent();
        }
        assertThat(steps.steps()).extracting(s -> s.name() + " " + s.status() + " " + s.detail())
                .containsExactly("write " + Status.FAIL + " not allowed to call logs:PutLogEvents", "again " + Status.PASS + " written");
        assertThat(steps.problems()).extracting(Problem::code).containsExactly(ProblemCode.AWS_ACCESS_DENIED);
    }

    @Test
    void anAdvisoryStepWarnsOfWhatAwsAnswered() {
        answer(400, "ThrottlingException", "Rate exceeded");
        StepTimer steps = new StepTimer(Clock.systemUTC());
        try (AwsClient<CloudWatchLogsClient> logs = session.client(AwsService.logs())) {
            logs.step(steps, "look", "DescribeLogGroups", c -> c.describeLogGroups(r -> { }), answer -> "looked",
                    AwsClient.Failed.advisory("not looked"));
        }
        assertThat(steps.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCode.HTTP_RATE_LIMITED);
            assertThat(problem.severity()).isEqualTo(Severity.WARN);
        });
    }

    @Test
    void anInterruptedCallIsNotMistakenForAnAnswer() {
        answer(400, "ThrottlingException", "never read");
        try (AwsClient<CloudWatchLogsClient> logs = session.client(AwsService.logs())) {
            Thread.currentThread().interrupt();
            AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> logs.call("PutLogEvents",
                    c -> c.putLogEvents(r -> r.logGroupName("g").logStreamName("s"))));
            assertThat(failure.kind()).isEqualTo(AwsError.INTERRUPTED);
            assertThat(failure.problem().message()).contains("interrupted");
        } finally {
            Thread.interrupted();
        }
    }
}
