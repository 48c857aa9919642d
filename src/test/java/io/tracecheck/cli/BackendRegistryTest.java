package io.tracecheck.cli;

import io.tracecheck.TestCli;
import io.tracecheck.aws.AwsConfig;
import io.tracecheck.honeycomb.HoneycombConfig;
import io.tracecheck.rollbar.RollbarConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What doctor and env derive from the one list of backends: the checks, their skips, --only and
 * --skip with aliases, the env reviews and the nothing-configured summary. Nothing is configured
 * here, so no check sends anything anywhere.
 */
class BackendRegistryTest {
    @TempDir
    Path home;

    @Test
    void doctorSkipsEachUnconfiguredBackendWithThatBackendsOwnProblem() {
        TestCli.Result result = TestCli.in(home).run("doctor", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(checks(result)).extracting(c -> c.get("name")).containsExactly("env", "honeycomb", "xray", "logs", "rollbar");
        Map<String, String> reasons = Map.of("honeycomb", HoneycombConfig.notConfigured().message(),
                "xray", AwsConfig.notConfigured().message(), "logs", AwsConfig.notConfigured().message(),
                "rollbar", RollbarConfig.notConfigured().message());
        for (Map<String, Object> check : checks(result).subList(1, 5)) {
            assertThat(check.get("status")).as(check.toString()).isEqualTo("skip");
            assertThat(check.get("summary")).as(check.toString()).isEqualTo(reasons.get((String) check.get("name")));
        }
    }

    @Test
    void onlyAndSkipTakeAliasesAndTheSharedAwsName() {
        assertThat(names(TestCli.in(home).run("doctor", "--only", "otel,cwlogs", "-o", "json")))
                .containsExactly("env", "honeycomb", "logs");
        assertThat(names(TestCli.in(home).run("doctor", "--only", "AWS", "-o", "json")))
                .containsExactly("env", "xray", "logs");
        assertThat(names(TestCli.in(home).run("doctor", "--skip", "otlp,xray", "-o", "json")))
                .containsExactly("env", "logs", "rollbar");
        // env reviews what the selected checks need: logs alone still needs the AWS review
        TestCli.Result env = TestCli.in(home).run("doctor", "--only", "cwlogs", "-o", "json");
        assertThat(steps(checks(env).get(0))).containsExactly("aws");
        assertThat(steps(checks(TestCli.in(home).run("env", "--only", "otlp,rollbar", "-o", "json")).get(0)))
                .containsExactly("honeycomb", "rollbar");
    }

    @Test
    void anUnknownBackendIsAUsageErrorNamingTheChoices() {
        for (List<String> args : List.of(List.of("doctor", "--skip", "datadog"), List.of("env", "--only", "xray,datadog"))) {
            TestCli.Result result = TestCli.in(home).run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).as(result.toString())
                    .contains("unknown backend 'datadog'; choose from honeycomb, xray, logs, rollbar");
        }
    }

    @Test
    void envNamesTheBackendsItFoundNothingFor() {
        assertThat(checks(TestCli.in(home).run("env", "-o", "json")).get(0).get("summary"))
                .isEqualTo("nothing configured: no honeycomb, aws or rollbar configuration");
        TestCli.Result rollbarOnly = TestCli.in(home).run("env", "--only", "rollbar");
        assertThat(rollbarOnly.exitCode()).as(rollbarOnly.toString()).isEqualTo(3);
        assertThat(rollbarOnly.out()).contains("nothing configured: no rollbar configuration");
    }

    @Test
    void envListsConfigurationNotTheTerminalOrHome() {
        TestCli.Result result = TestCli.in(home).env("LANG", "C.UTF-8").env("TERM", "xterm").env("ROLLBAR_ENVIRONMENT", "ci")
                .run("env");
        assertThat(result.out()).as(result.toString()).containsPattern("(?m)^ROLLBAR_ENVIRONMENT\\s+ci\\s+env")
                .doesNotContainPattern("(?m)^(HOME|LANG|TERM)\\s");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checks(TestCli.Result result) {
        return (List<Map<String, Object>>) result.json().get("checks");
    }

    private static List<Object> names(TestCli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        return checks(result).stream().map(c -> c.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> steps(Map<String, Object> env) {
        return ((List<Map<String, Object>>) env.get("steps")).stream().map(s -> s.get("name")).toList();
    }
}
