package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadBackTest {
    private final Clock clock = Clock.systemUTC();
    private final ReadBack readBack = new ReadBack(true, Duration.ofSeconds(10));
    private final ReadBack.Failures<IOException> io = ReadBack.failures(IOException.class,
            e -> NetworkFailures.of(e, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)));

    @Test
    void theDeadlineGrowsOnlyWhenReadingBack() {
        assertThat(readBack.deadline(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(15));
        assertThat(ReadBack.OFF.deadline(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ReadBack.OFF.on().enabled()).isTrue();
    }

    @Test
    void theReadBackHasItsOwnTimeoutButNeverPastTheChecksDeadlinePlusIt() {
        java.time.Instant now = java.time.Instant.parse("2026-11-26T10:00:00Z");
        Clock fixed = Clock.fixed(now, java.time.ZoneOffset.UTC);
        Deadline early = new Deadline(fixed, now.plusSeconds(5), "--timeout 5.0s");
        assertThat(readBack.start(early).at()).isEqualTo(now.plusSeconds(10));
        assertThat(readBack.start(early).option()).isEqualTo("--verify-timeout 10.0s");
        // the steps before it ran past the check's deadline: the read-back still ends by it plus --verify-timeout
        Deadline passed = new Deadline(fixed, now.minusSeconds(3), "--timeout 5.0s");
        assertThat(readBack.start(passed).at()).isEqualTo(now.plusSeconds(7));
    }

    @Test
    void foundEndsTheStepWithWhatWasFound() {
        StepTimer steps = new StepTimer(clock);
        Polling.Answer answer = readBack.run(steps, clock, () -> Polling.Answer.FOUND, io, () -> "found 2 spans",
                () -> Problem.of(ProblemCode.HONEYCOMB_NOT_FOUND, "not there", null));
        assertThat(answer).isEqualTo(Polling.Answer.FOUND);
        assertThat(steps.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("verify");
            assertThat(step.detail()).isEqualTo("found 2 spans");
            assertThat(step.status()).isEqualTo(Status.PASS);
        });
        assertThat(steps.problems()).isEmpty();
    }

    @Test
    void notFoundWithinTheTimeoutIsTheCallersProblem() {
        StepTimer steps = new StepTimer(clock);
        Polling.Answer answer = new ReadBack(true, Duration.ZERO).run(steps, clock, () -> Polling.Answer.NOT_YET, io,
                () -> "found", () -> Problem.of(ProblemCode.HONEYCOMB_NOT_FOUND, "not there", null));
        assertThat(answer).isEqualTo(Polling.Answer.NOT_YET);
        assertThat(steps.problems()).extracting(Problem::code).containsExactly(ProblemCode.HONEYCOMB_NOT_FOUND);
        // a failed step's detail is its failure's headline: here the caller's problem, as it words it
        assertThat(steps.steps()).singleElement().satisfies(step -> assertThat(step.detail()).isEqualTo("not there"));
    }

    @Test
    void aFailedLookBecomesTheMappedProblem() {
        StepTimer steps = new StepTimer(clock);
        readBack.run(steps, clock, () -> {
            throw new java.net.ConnectException("Connection refused");
        }, io, () -> "found", () -> Problem.of(ProblemCode.HONEYCOMB_NOT_FOUND, "not there", null));
        assertThat(steps.problems()).extracting(Problem::code).containsExactly(ProblemCode.NET_REFUSED);
        assertThat(steps.steps()).singleElement().satisfies(step -> assertThat(step.detail())
                .isEqualTo("could not reach 127.0.0.1:1 (connection refused)"));
    }

    @Test
    void aBugIsNotMistakenForAFailedLook() {
        StepTimer steps = new StepTimer(clock);
        assertThatThrownBy(() -> readBack.run(steps, clock, () -> {
            throw new IllegalStateException("bug");
        }, io, () -> "found", () -> null)).isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }
}
