package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CheckRunnerTest {
    private final CheckContext context = new CheckContext(Settings.of(Map.of()), Duration.ofMillis(300), "run1",
            Clock.systemUTC(), line -> { });

    private static Check check(String name, java.util.function.Supplier<CheckResult> body) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run(CheckContext context) {
                return body.get();
            }
        };
    }

    private static CheckResult pass(String name) {
        return new CheckResult(name, Status.PASS, Duration.ZERO, "fine", List.of(), List.of(), Map.of(), List.of());
    }

    @Test
    void aCrashingCheckBecomesAnInternalErrorAndOthersStillReport() {
        List<CheckResult> results = new CheckRunner(Clock.systemUTC()).run(List.of(
                check("boom", () -> {
                    throw new IllegalStateException("kaput");
                }),
                check("fine", () -> pass("fine"))), context);
        assertThat(results.get(0).status()).isEqualTo(Status.FAIL);
        assertThat(results.get(0).problems().get(0).code()).isEqualTo(ProblemCode.INTERNAL_ERROR);
        assertThat(results.get(0).problems().get(0).message()).contains("kaput");
        assertThat(results.get(1).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aHangingCheckTimesOutWithoutDelayingTheOthers() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        List<CheckResult> results = new CheckRunner(Clock.systemUTC()).run(List.of(
                check("hang", () -> {
                    try {
                        // far past the deadline (300 ms plus a second's grace): a runner that waited for
                        // the check would get "pass" back, after a minute, and fail the assertions below
                        Thread.sleep(Duration.ofMinutes(1).toMillis());
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        Thread.currentThread().interrupt();
                    }
                    return pass("hang");
                }),
                check("fine", () -> pass("fine"))), context);
        CheckResult hang = results.get(0);
        assertThat(hang.status()).isEqualTo(Status.FAIL);
        assertThat(hang.problems()).extracting(Problem::code).containsExactly(ProblemCode.NET_TIMEOUT);
        assertThat(hang.problems().get(0).message()).isEqualTo("hang did not finish within --timeout "
                + Durations.format(context.timeout()));
        assertThat(hang.duration()).as("the report records the timeout, not a measured time").isEqualTo(context.timeout());
        assertThat(results.get(1).status()).isEqualTo(Status.PASS);
        // abandoned, not left running: the runner interrupts the check it gave up on
        assertThat(interrupted.await(1, TimeUnit.MINUTES)).as("the hanging check was interrupted").isTrue();
    }
}
