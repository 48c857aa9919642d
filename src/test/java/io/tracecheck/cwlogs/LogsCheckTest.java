package io.tracecheck.cwlogs;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.StoredLogEvent;
import io.tracecheck.listen.aws.AcceptedCredentials;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck logs through the command line against the local CloudWatch Logs and a fault-injecting server. */
class LogsCheckTest {
    private static final String KEY_ID = AcceptedCredentials.LOCAL.accessKeyId();
    private static final String SECRET = AcceptedCredentials.LOCAL.secretAccessKey();

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli app(String endpoint) {
        return TestCli.in(home).env("AWS_REGION", "eu-west-1").env("AWS_ACCESS_KEY_ID", KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", SECRET).env("AWS_ENDPOINT_URL", endpoint);
    }

    @Test
    void createWriteAndReadBack() {
        TestCli.Result result = app(listen.backends().httpBaseUrl()).run("logs", "--create", "--verify", "--log-group", "/app/web",
                "--log-stream", "probe", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        StoredLogEvent event = listen.backends().store().find(StoredLogEvent.class, e -> true).get(0);
        assertThat(event.group()).isEqualTo("/app/web");
        assertThat(event.stream()).isEqualTo("probe");
        assertThat(event.message()).startsWith("tracecheck probe " + result.json().get("run_id"));
        assertThat(result.out()).contains("log-group/$252Fapp$252Fweb/log-events/probe").contains("123456789012");
        assertThat(result.all()).doesNotContain(SECRET).doesNotContain(KEY_ID);

        TestCli.Result again = app(listen.backends().httpBaseUrl()).run("logs", "--verify", "--log-group", "/app/web", "--log-stream", "probe");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("created");
    }

    @Test
    void missingGroupAndStreamNameTheCommands() {
        TestCli.Result noGroup = app(listen.backends().httpBaseUrl()).run("logs", "--log-group", "app", "--log-stream", "s", "-o", "json");
        assertThat(noGroup.codes()).as(noGroup.toString()).containsExactly("logs.group-missing");
        assertThat(noGroup.problems().get(0).get("fix").toString()).startsWith("aws logs create-log-group --log-group-name app");

        app(listen.backends().httpBaseUrl()).run("logs", "--create", "--log-group", "app", "--log-stream", "s");
        TestCli.Result noStream = app(listen.backends().httpBaseUrl()).run("logs", "--log-group", "app", "--log-stream", "other", "-o", "json");
        assertThat(noStream.codes()).as(noStream.toString()).containsExactly("logs.stream-missing");
        assertThat(noStream.problems().get(0).get("fix").toString())
                .startsWith("aws logs create-log-stream --log-group-name app --log-stream-name other");
    }

    @Test
    void aClockFarOffGetsTheEventRejected() throws Exception {
        // the local backend judges timestamps by its own clock: three weeks ahead, the probe is "too old"
        listen.restart(() -> LocalBackends.start(ListenOptions.ephemeral(), Clock.offset(Clock.systemUTC(), Duration.ofDays(21))));
        TestCli.Result result = app(listen.backends().httpBaseUrl()).run("logs", "--create", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("aws.clock-skew");
        // the signature check sees the skew first, as AWS would; the rejection rules are checked below directly
    }

    @Test
    void rejectedEventsAreReportedWithTheirIndexes() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(identity());
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                    .body("{\"nextSequenceToken\":\"1\",\"rejectedLogEventsInfo\":{\"tooNewLogEventStartIndex\":0}}").build());
            TestCli.Result result = app(server.url("/").toString()).run("logs", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("logs.events-rejected");
            assertThat(result.problems().get(0).get("message").toString()).contains("too new (more than 2 hours ahead) from index 0");
        }
    }

    @Test
    void aDeniedWriteNamesTheIamAction() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(identity());
            server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/x-amz-json-1.1")
                    .body("{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform: logs:PutLogEvents\"}")
                    .build());
            TestCli.Result result = app(server.url("/").toString()).run("logs", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("aws.access-denied");
            assertThat(result.problems().get(0).get("fix").toString()).contains("logs:PutLogEvents");
        }
    }

    @Test
    void verifyGivesUpWithEventNotFound() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(identity());
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                    .body("{\"nextSequenceToken\":\"1\"}").build());
            for (int i = 0; i < 40; i++) {
                // empty pages, the forward token repeating: the event never shows
                server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                        .body("{\"events\":[],\"nextForwardToken\":\"f/1\",\"nextBackwardToken\":\"b/0\"}").build());
            }
            TestCli.Result result = app(server.url("/").toString()).run("logs", "--verify", "--verify-timeout", "1s", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("logs.event-not-found");
        }
    }

    /** CloudWatch Logs that has not caught up with a stream just created: the write is named as failed, not left silent. */
    @Test
    void aStreamThatStaysMissingAfterCreatingItIsAProblem() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(identity());
            for (int i = 0; i < 3; i++) {
                server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/x-amz-json-1.1")
                        .addHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .body("{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log stream does not exist.\"}")
                        .build());
                server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                        .body("{}").build());
            }
            TestCli.Result result = app(server.url("/").toString()).run("logs", "--create", "--log-stream", "web-1", "-o", "json");

            assertThat(result.codes()).as(result.toString()).containsExactly("logs.stream-missing");
            assertThat(result.problems().get(0).get("message").toString()).contains("after 3 writes")
                    .contains("although tracecheck created the stream: CloudWatch Logs had not caught up");
            assertThat(result.problems().get(0).get("fix").toString()).startsWith("sleep 10 && tracecheck logs --log-group ");
            assertThat(result.exitCode()).isEqualTo(1);
        }
    }

    /** STS's answer to GetCallerIdentity, which every AWS check asks first. */
    private static MockResponse identity() {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId><Account>123456789012</Account>"
                        + "</GetCallerIdentityResult></GetCallerIdentityResponse>").build();
    }
}
