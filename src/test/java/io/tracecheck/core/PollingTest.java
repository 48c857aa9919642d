package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PollingTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void asksAgainUntilFound() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Polling.Answer answer = Polling.until(clock, clock.instant().plusSeconds(10),
                () -> asked.incrementAndGet() < 3 ? Polling.Answer.NOT_YET : Polling.Answer.FOUND);
        assertThat(answer).isEqualTo(Polling.Answer.FOUND);
        assertThat(asked).hasValue(3);
    }

    @Test
    void stopsAtTheFirstStop() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Polling.Answer answer = Polling.until(clock, clock.instant().plusSeconds(10), () -> {
            asked.incrementAndGet();
            return Polling.Answer.STOP;
        });
        assertThat(answer).isEqualTo(Polling.Answer.STOP);
        assertThat(asked).hasValue(1);
    }

    @Test
    void givesUpBeforeAPauseWouldPassTheDeadline() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Polling.Answer answer = Polling.until(clock, clock.instant().plus(Duration.ofMillis(900)), () -> {
            asked.incrementAndGet();
            return Polling.Answer.NOT_YET;
        });
        assertThat(answer).isEqualTo(Polling.Answer.NOT_YET);
        // asks at 0, 200 and 600 ms; the next pause (800 ms) would pass the deadline
        assertThat(asked).hasValue(3);
    }
}
