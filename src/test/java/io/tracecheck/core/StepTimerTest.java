package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a check's report says about its failures: each step and the summary follow the first failure's headline. */
class StepTimerTest {
    private static final URI AUTH = URI.create("https://api.honeycomb.invalid/1/auth");

    private final StepTimer steps = new StepTimer(Clock.systemUTC());

    private static Problem dns() {
        return NetworkFailures.of(new UnknownHostException("api.honeycomb.invalid"), AUTH, Duration.ofSeconds(2));
    }

    @Test
    void aFailedStepAndItsCheckNameTheStageAndTheCause() {
        steps.begin("resolve");
        steps.end("http/protobuf to https://api.honeycomb.invalid/v1/traces");
        steps.begin("authenticate");
        steps.problem(dns());
        steps.end("whatever the check wrote");
        CheckResult result = steps.result("honeycomb", "probe accepted", Map.of());
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).isEqualTo("authenticate: could not reach api.honeycomb.invalid (DNS)");
        assertThat(result.steps()).extracting(s -> s.name() + " " + s.status() + " " + s.detail()).containsExactly(
                "resolve PASS http/protobuf to https://api.honeycomb.invalid/v1/traces",
                "authenticate FAIL could not reach api.honeycomb.invalid (DNS)");
    }

    @Test
    void aWarningLeavesTheWordsOfTheCheck() {
        steps.begin("sampling");
        steps.problem(Problem.warn(ProblemCode.HTTP_RATE_LIMITED, "throttled", null));
        steps.end("not checked");
        CheckResult result = steps.result("xray", "probe segment sent", Map.of());
        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(result.summary()).isEqualTo("probe segment sent");
        assertThat(result.steps()).extracting(Step::detail).containsExactly("not checked");
    }

    @Test
    void theFirstFailureNamesTheCheckEvenWhenLaterStepsFailToo() {
        steps.begin("group");
        steps.problem(Problem.of(ProblemCode.XRAY_GROUP_MISSING, "the X-Ray group web does not exist in us-east-1", null));
        steps.end("missing");
        steps.begin("send");
        steps.problem(Problem.of(ProblemCode.AWS_ACCESS_DENIED, "the credentials may not call xray:PutTraceSegments: denied",
                null).headed("not allowed to call xray:PutTraceSegments"));
        steps.end("not delivered");
        CheckResult result = steps.result("xray", Map.of());
        assertThat(result.summary()).isEqualTo("group: the X-Ray group web does not exist in us-east-1");
        assertThat(result.steps()).extracting(Step::detail)
                .containsExactly("the X-Ray group web does not exist in us-east-1", "not allowed to call xray:PutTraceSegments");
    }

    @Test
    void theSameProblemIsListedOnceButMarksEveryStepItStopped() {
        steps.begin("group");
        steps.problem(dns());
        steps.end("not checked");
        steps.begin("send");
        steps.problem(dns());
        steps.end("not delivered");
        CheckResult result = steps.result("xray", Map.of());
        assertThat(result.problems()).extracting(Problem::code).containsExactly(ProblemCode.NET_DNS);
        assertThat(result.steps()).extracting(Step::status).containsExactly(Status.FAIL, Status.FAIL);
    }

    @Test
    void aStepsFindingReplacesTheStaticReviewsProblemOfTheSameCode() {
        steps.begin("resolve");
        steps.reviewed(java.util.List.of(Problem.warn(ProblemCode.AWS_CREDENTIALS_MISSING,
                "no credentials in the environment; only an instance role could still supply them", null)));
        steps.end("via api");
        steps.begin("credentials");
        steps.problem(Problem.of(ProblemCode.AWS_CREDENTIALS_MISSING, "no credentials: tried profile default", null)
                .headed("no credentials found"));
        steps.end("none found");
        CheckResult result = steps.result("xray", Map.of());
        assertThat(result.problems()).extracting(Problem::message).containsExactly("no credentials: tried profile default");
        assertThat(result.steps()).extracting(s -> s.name() + " " + s.status() + " " + s.detail())
                .containsExactly("resolve PASS via api", "credentials FAIL no credentials found");
        assertThat(result.summary()).isEqualTo("credentials: no credentials found");
    }

    @Test
    void aReviewProblemNoStepMetAgainStays() {
        steps.begin("resolve");
        steps.reviewed(java.util.List.of(Problem.warn(ProblemCode.CONFIG_CONFLICT, "two regions", null)));
        steps.end("via api");
        steps.begin("send");
        steps.problem(Problem.of(ProblemCode.XRAY_SEGMENT_REJECTED, "X-Ray rejected segment 1", null));
        steps.end("rejected");
        assertThat(steps.problems()).extracting(Problem::code)
                .containsExactly(ProblemCode.CONFIG_CONFLICT, ProblemCode.XRAY_SEGMENT_REJECTED);
        assertThat(steps.steps()).extracting(Step::status).containsExactly(Status.WARN, Status.FAIL);
    }

    @Test
    void aFailureOutsideAnyStepIsTheSummaryAlone() {
        steps.problem(Problem.of(ProblemCode.INTERNAL_ERROR, "a bug", null).headed("crashed"));
        assertThat(steps.result("x", "fine", Map.of()).summary()).isEqualTo("crashed");
    }
}
