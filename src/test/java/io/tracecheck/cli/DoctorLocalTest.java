package io.tracecheck.cli;

import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor --local: local backends in process, every check against them with read-back, the user's setup ignored. */
class DoctorLocalTest {
    @TempDir
    Path home;

    @Test
    @SuppressWarnings("unchecked")
    void everyBackendThatExistsLocallyPassesWithReadBack() {
        TestCli.Result result = TestCli.in(home).run("doctor", "--local", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Map<String, Object>> checks = (List<Map<String, Object>>) result.json().get("checks");
        assertThat(checks).extracting(c -> c.get("name")).contains("env", "honeycomb", "xray", "xray-otlp", "logs", "rollbar");
        for (Map<String, Object> check : checks) {
            if (!check.get("name").equals("env")) {
                assertThat(check.get("status")).as(check.toString()).isEqualTo("pass");
                assertThat(check.get("steps").toString()).as("read back").contains("name=verify, status=pass");
            }
        }
        assertThat(result.err()).contains("local backends: http://127.0.0.1:").contains("stopped");
    }

    @Test
    @SuppressWarnings("unchecked")
    void checksRunConcurrentlyNotOneAfterAnother() {
        Map<String, Object> report = TestCli.in(home).run("doctor", "--local", "-o", "json").json();
        List<Map<String, Object>> checks = (List<Map<String, Object>>) report.get("checks");
        long slowest = checks.stream().mapToLong(c -> ((Number) c.get("duration_ms")).longValue()).max().orElseThrow();
        long sum = checks.stream().mapToLong(c -> ((Number) c.get("duration_ms")).longValue()).sum();
        long total = ((Number) report.get("duration_ms")).longValue();
        // The report's own durations. One after another, the run would take at least the sum of its
        // checks' times, each measured inside it; side by side it takes less, however busy the
        // machine, since a busy machine stretches every check that overlaps the others.
        assertThat(checks).filteredOn(c -> ((Number) c.get("duration_ms")).longValue() > 0)
                .as("checks that take time").hasSizeGreaterThanOrEqualTo(4);
        assertThat(total).as("total %d ms, slowest check %d ms, sum %d ms", total, slowest, sum)
                .isGreaterThanOrEqualTo(slowest).isLessThan(sum);
    }

    /** X-Ray's two paths side by side: the SDK's (daemon), and OTLP signed for X-Ray, read back from aws/spans; --strict ignores the migration report. */
    @Test
    @SuppressWarnings("unchecked")
    void theOtlpPathToXrayRunsWithReadBackAndTheMigrationReportNeverFailsStrict() {
        TestCli.Result result = TestCli.in(home).run("doctor", "--local", "--strict", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> otlp = ((List<Map<String, Object>>) result.json().get("checks")).stream()
                .filter(c -> c.get("name").equals("xray-otlp")).findFirst().orElseThrow();
        assertThat(otlp.get("status")).as(otlp.toString()).isEqualTo("pass");
        assertThat(otlp.get("steps").toString()).contains("name=destination, status=pass").contains("name=send, status=pass")
                .contains("read back from aws/spans");
        assertThat((Map<String, Object>) otlp.get("artifacts")).containsEntry("via", "otlp");
        assertThat(result.notes()).extracting(n -> n.get("code")).containsOnly("xray.migration").hasSize(2);
        assertThat(result.codes()).isEmpty();
    }

    @Test
    void theUsersOwnConfigurationIsIgnored() {
        TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_KEY", "${HONEYCOMB_API_KEY}")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io/v1/traces")
                .env("ROLLBAR_ACCESS_TOKEN", "not-a-token").env("LANG", "C.UTF-8")
                .run("doctor", "--local");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("✓ honeycomb").contains("✓ xray").contains("✓ xray-otlp").contains("✓ logs").contains("✓ rollbar").contains("6 passed, 0 warnings, 0 failed")
                .contains("local backends: ");
    }
}
