package io.tracecheck.cli;

import io.tracecheck.TestCli;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --timeout is the deadline of a whole check: a slow first answer leaves the next call only what
 * remains, and a server that accepts and never answers ends the check at its deadline with
 * net.timeout naming the step it stalled and the option that set the deadline, for every backend.
 * A call that kept a timeout of its own would outlive the deadline and be cut by the runner's
 * safety net instead, which words it differently ("did not finish"). Durations are only bounded
 * by the deadline plus the runner's second of grace and some slack: no tight wall-clock bounds.
 */
class CheckDeadlineTest {
    private static final String KEY = AcceptedKey.LOCAL_CONFIGURATION.key();
    private static final String STS_OK = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
    private static final String AUTH = "{\"type\":\"configuration\",\"api_key_access\":{\"events\":true,\"queries\":true},"
            + "\"environment\":{\"name\":\"dev\",\"slug\":\"dev\"},\"team\":{\"name\":\"t\",\"slug\":\"t\"}}";
    /** The runner's grace past the deadline, and room for a busy machine. */
    private static final long SLACK_MILLIS = 2500;

    @TempDir
    Path home;

    /** Answers as scripted; stalls (never answers) every path in {@link Script#stall}. */
    private MockWebServer answering;
    /** Accepts every connection, reads the request and never answers. */
    private MockWebServer stalling;
    private final Script script = new Script();
    private final Script silence = new Script();

    /** A dispatcher that answers by path, and holds the requests to a stalled path until the server closes. */
    private static final class Script extends Dispatcher {
        private final Map<String, MockResponse> answers = new java.util.concurrent.ConcurrentHashMap<>();
        private final Set<String> stall = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath();
            if (stall.stream().anyMatch(path::startsWith)) {
                closed.await();
                return new MockResponse.Builder().code(503).build();
            }
            return answers.getOrDefault(path, new MockResponse.Builder().code(404).build());
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @BeforeEach
    void start() throws Exception {
        answering = new MockWebServer();
        answering.setDispatcher(script);
        answering.start();
        stalling = new MockWebServer();
        silence.stall.add("/");
        stalling.setDispatcher(silence);
        stalling.start();
    }

    @AfterEach
    void stop() throws Exception {
        script.close();
        silence.close();
        answering.close();
        stalling.close();
    }

    private static String base(MockWebServer server) {
        return server.url("/").toString().replaceAll("/$", "");
    }

    private static String address(MockWebServer server) {
        return server.getHostName() + ":" + server.getPort();
    }

    private static MockResponse answer(int code, String contentType, String body, long delayMillis) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", contentType).body(body)
                .headersDelay(delayMillis, TimeUnit.MILLISECONDS).build();
    }

    /** Honeycomb's API on the answering server, the OTLP endpoint on {@code otlp}. */
    private TestCli honeycomb(MockWebServer otlp) {
        return TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", base(answering)).env("HONEYCOMB_API_KEY", KEY)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", base(otlp)).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + KEY)
                .env("OTEL_SERVICE_NAME", "web");
    }

    /** STS on the answering server, every other AWS service on the stalling one. */
    private TestCli aws() {
        return TestCli.in(home).env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("AWS_ENDPOINT_URL_STS", base(answering)).env("AWS_ENDPOINT_URL", base(stalling))
                .env("OTEL_SERVICE_NAME", "web");
    }

    @Test
    void honeycombsProbeHasWhatTheSlowAuthLeft() {
        script.answers.put("/1/auth", answer(200, "application/json", AUTH, 2000));
        TestCli.Result result = honeycomb(stalling).run("honeycomb", "-o", "json", "--timeout", "4s");
        assertStalled(result, "send", address(stalling), "--timeout 4.0s", 4000);
    }

    @Test
    void honeycombsOtherRegionLookupThatOutlivesTheDeadlineIsATimeoutNotARejectedKey() {
        script.answers.put("/1/auth", answer(401, "application/json", "{\"error\":\"unknown API key - check your credentials\"}", 0));
        TestCli.Result result = honeycomb(answering).env("TRACECHECK_HONEYCOMB_OTHER_ENDPOINT", base(stalling))
                .run("honeycomb", "-o", "json", "--timeout", "2s");
        String other = address(stalling);
        assertThat(result.codes()).as(result.toString()).containsExactly("net.timeout");
        assertThat(result.problems().get(0).get("message").toString()).as(result.toString())
                .contains("answered 401 to the key").contains("the other region")
                .endsWith(other + " did not answer within --timeout 2.0s");
        assertThat(check(result).get("summary")).isEqualTo("authenticate: no answer from " + other + " within --timeout 2.0s");
        assertThat(duration(result)).isLessThanOrEqualTo(2000 + SLACK_MILLIS);
    }

    @Test
    void honeycombsReadBackGetsTheVerifyTimeoutOnTop() throws Exception {
        script.answers.put("/1/auth", answer(200, "application/json", AUTH, 0));
        script.stall.add("/1/queries/");
        try (MockWebServer collector = new MockWebServer()) {
            collector.start();
            collector.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build());
            TestCli.Result result = honeycomb(collector).run("honeycomb", "-o", "json", "--timeout", "2s", "--verify",
                    "--verify-timeout", "2s");
            assertStalled(result, "verify", address(answering), "--verify-timeout 2.0s", 4000);
        }
    }

    @Test
    void xraysSendHasWhatTheSlowIdentityLeft() {
        script.answers.put("/", answer(200, "text/xml", STS_OK, 2000));
        TestCli.Result result = aws().run("xray", "--via", "api", "-o", "json", "--timeout", "4s");
        assertStalled(result, "send", address(stalling), "--timeout 4.0s", 4000);
    }

    @Test
    void logsWriteHasWhatTheSlowIdentityLeft() {
        script.answers.put("/", answer(200, "text/xml", STS_OK, 2000));
        TestCli.Result result = aws().run("logs", "-o", "json", "--timeout", "4s");
        assertStalled(result, "write", address(stalling), "--timeout 4.0s", 4000);
    }

    @Test
    void rollbarsSendEndsAtTheDeadline() {
        TestCli.Result result = TestCli.in(home).env("ROLLBAR_ENDPOINT", stalling.url("/api/1/item/").toString())
                .env("ROLLBAR_ACCESS_TOKEN", AcceptedToken.LOCAL_SERVER.token())
                .run("rollbar", "-o", "json", "--timeout", "2s");
        assertStalled(result, "send", address(stalling), "--timeout 2.0s", 2000);
    }

    @Test
    void aCheckAloneAndInDoctorReportTheSameTimeout() {
        TestCli app = TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", base(stalling)).env("HONEYCOMB_API_KEY", KEY)
                .env("OTEL_SERVICE_NAME", "web");
        TestCli.Result alone = app.run("honeycomb", "-o", "json", "--timeout", "2s");
        TestCli.Result inDoctor = app.run("doctor", "--only", "honeycomb", "-o", "json", "--timeout", "2s");
        String summary = "authenticate: no answer from " + address(stalling) + " within --timeout 2.0s";
        assertThat(check(alone).get("summary")).as(alone.toString()).isEqualTo(summary);
        Map<String, Object> doctored = checks(inDoctor).stream().filter(c -> "honeycomb".equals(c.get("name"))).findFirst()
                .orElseThrow();
        assertThat(doctored.get("summary")).as(inDoctor.toString()).isEqualTo(summary);
    }

    /** The stalled step failed with the deadline's net.timeout, and the check ended by the deadline (plus slack). */
    private void assertStalled(TestCli.Result result, String step, String address, String option, long deadlineMillis) {
        assertThat(result.codes()).as(result.toString()).containsExactly("net.timeout");
        assertThat(result.problems().get(0).get("message")).as(result.toString())
                .isEqualTo(address + " did not answer within " + option);
        String headline = "no answer from " + address + " within " + option;
        assertThat(check(result).get("summary")).isEqualTo(step + ": " + headline);
        assertThat(steps(result)).extracting(s -> s.get("name") + " " + s.get("status") + " " + s.get("detail"))
                .contains(step + " fail " + headline);
        assertThat(duration(result)).isLessThanOrEqualTo(deadlineMillis + SLACK_MILLIS);
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checks(TestCli.Result result) {
        return (List<Map<String, Object>>) result.json().get("checks");
    }

    private static Map<String, Object> check(TestCli.Result result) {
        return checks(result).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(TestCli.Result result) {
        return (List<Map<String, Object>>) check(result).get("steps");
    }

    private static long duration(TestCli.Result result) {
        return ((Number) check(result).get("duration_ms")).longValue();
    }
}
