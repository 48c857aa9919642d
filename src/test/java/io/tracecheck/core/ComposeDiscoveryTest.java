package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The compose file around the shell is read only when a host did not resolve, and then once. */
class ComposeDiscoveryTest {
    private final AtomicInteger looked = new AtomicInteger();
    private final Settings settings = Settings.of(Map.of("GITPOD_WORKSPACE_ID", "ws"))
            .withComposeAround(() -> {
                looked.incrementAndGet();
                return Optional.empty();
            });

    private CheckResult failedWith(Problem problem) {
        return new CheckResult("honeycomb", Status.FAIL, Duration.ZERO, "send: " + problem.headline(), List.of(),
                List.of(problem), Map.of(), List.of());
    }

    @Test
    void fixesAndOtherProblemsNeverReadIt() {
        new Fixes(settings).set("OTEL_SERVICE_NAME", "web");
        Situation.explain(failedWith(Problem.of(ProblemCode.NET_REFUSED, "nothing accepts connections", null)), settings);
        assertThat(looked).hasValue(0);
    }

    @Test
    void aHostThatDidNotResolveReadsItOnce() {
        Problem dns = NetworkFailures.dns("otel-collector", "http://otel-collector:4318");
        assertThat(NetworkFailures.unresolved(dns)).contains(URI.create("http://otel-collector:4318"));
        Situation.explain(failedWith(dns), settings);
        Situation.explain(failedWith(dns), settings);
        assertThat(looked).hasValue(1);
    }
}
