package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
    void aHangingCheckTimesOutWithoutDelayingTheOthers() {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        List<CheckResult> results = new CheckRunner(Clock.systemUTC()).run(List.of(
                check("hang", () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return pass("hang");
                }),
                check("fine", () -> pass("fine"))), context);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(results.get(0).problems()).extracting(Problem::code).containsExactly(ProblemCode.NET_TIMEOUT);
        assertThat(results.get(1).status()).isEqualTo(Status.PASS);
        // the deadline is 300 ms plus a second's grace; the run must end there, not wait for the hang
        assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    }
}
