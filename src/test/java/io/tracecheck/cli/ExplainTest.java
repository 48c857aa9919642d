package io.tracecheck.cli;

import io.tracecheck.TestCli;
import io.tracecheck.core.ProblemCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExplainTest {
    @TempDir
    Path home;

    /** The codes docs/problems.md documents: the catalogue must hold every one of these. */
    private static final List<String> DOCUMENTED_CODES = List.of(
            "config.missing", "config.placeholder", "config.whitespace", "config.malformed", "config.conflict",
            "net.dns", "net.refused", "net.timeout", "net.tls", "http.server-error", "http.rate-limited", "http.unexpected",
            "honeycomb.key-rejected", "honeycomb.key-wrong-region", "honeycomb.key-permission", "honeycomb.dataset-missing",
            "honeycomb.dataset-ignored", "honeycomb.service-name-missing", "honeycomb.endpoint-path",
            "honeycomb.partial-success", "honeycomb.queries-unavailable", "honeycomb.not-found",
            "aws.credentials-missing", "aws.credentials-invalid", "aws.credentials-expired", "aws.signature-mismatch",
            "aws.clock-skew", "aws.access-denied", "aws.region-missing", "aws.region-invalid",
            "xray.daemon-unreachable", "xray.daemon-unconfirmed", "xray.segment-rejected", "xray.group-missing",
            "xray.group-filter-mismatch", "xray.trace-not-found", "xray.transaction-search",
            "logs.group-missing", "logs.stream-missing", "logs.events-rejected", "logs.event-not-found",
            "rollbar.token-rejected", "rollbar.token-scope", "rollbar.payload-rejected", "rollbar.item-not-found");

    @Test
    void everySpecCodeIsExplained() {
        for (String code : DOCUMENTED_CODES) {
            TestCli.Result result = TestCli.in(home).run("explain", code);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).startsWith(code).contains("cause: ").contains("fix: ")
                    .contains("docs: ");
        }
    }

    @Test
    void listHasEveryCodeInTextAndJson() {
        TestCli.Result text = TestCli.in(home).run("explain", "--list");
        assertThat(text.out().lines()).hasSize(ProblemCode.values().length);
        DOCUMENTED_CODES.forEach(code -> assertThat(text.out()).contains(code));

        TestCli.Result json = TestCli.in(home).run("explain", "--list", "-o", "json");
        assertThat(json.out()).startsWith("[{\"code\":");
        assertThat(json.out()).contains("\"docs\":\"https://docs.honeycomb.io/");
    }

    @Test
    void oneCodeAsJson() {
        Map<String, Object> json = TestCli.in(home).run("explain", "xray.daemon-unconfirmed", "-o", "json").json();
        assertThat(json).containsEntry("code", "xray.daemon-unconfirmed").containsEntry("severity", "warn")
                .containsKeys("cause", "fix", "docs");
    }

    @Test
    void unknownCodeExitsTwoWithSuggestions() {
        TestCli.Result result = TestCli.in(home).run("explain", "honeycomb.key-rejeted");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown problem code 'honeycomb.key-rejeted'")
                .contains("did you mean honeycomb.key-rejected");
        TestCli.Result partial = TestCli.in(home).run("explain", "wrong-region");
        assertThat(partial.err()).contains("honeycomb.key-wrong-region");
        assertThat(TestCli.in(home).run("explain").exitCode()).isEqualTo(2);
    }

    @Test
    void problemsDocumentListsEveryCode() throws Exception {
        String doc = Files.readString(Path.of("docs/problems.md"));
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(doc).as("docs/problems.md documents %s", code.id()).contains("### " + code.id());
        }
    }
}
