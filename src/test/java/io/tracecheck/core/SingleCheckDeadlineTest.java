package io.tracecheck.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** A check run on its own (tracecheck honeycomb) is held to its deadline as doctor's checks are. */
class SingleCheckDeadlineTest {
    @Test
    @Timeout(60)
    void aLoneHangingCheckTimesOut() {
        CountDownLatch never = new CountDownLatch(1);
        Check hang = new Check() {
            @Override
            public String name() {
                return "hang";
            }

            @Override
            public CheckResult run(CheckContext context) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CheckResult.skipped("hang", "released");
            }
        };
        CheckContext context = new CheckContext(Settings.of(Map.of()), Duration.ofMillis(200), "run1", Clock.systemUTC(),
                line -> { });
        List<CheckResult> results = new CheckRunner(Clock.systemUTC()).run(List.of(hang), context);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).status()).isEqualTo(Status.FAIL);
        assertThat(results.get(0).problems()).extracting(Problem::code).containsExactly(ProblemCode.NET_TIMEOUT);
        assertThat(results.get(0).problems().get(0).message()).contains("hang did not finish within --timeout");
    }
}
