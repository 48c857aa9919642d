package io.tracecheck.xray;

import io.tracecheck.FreePorts;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.StoredSegment;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck xray through the command line against the local backends (X-Ray API and daemon, STS). */
class XrayCheckTest {
    private static final String KEY_ID = AcceptedCredentials.LOCAL.accessKeyId();
    private static final String SECRET = AcceptedCredentials.LOCAL.secretAccessKey();

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli app() {
        return TestCli.in(home).env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", SECRET).env("AWS_ENDPOINT_URL", listen.backends().httpBaseUrl())
                .env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + listen.backends().udpPort()).env("OTEL_SERVICE_NAME", "web");
    }

    private static void assertNoSecret(TestCli.Result result) {
        assertThat(result.all()).as("no secret in %s", result).doesNotContain(SECRET).doesNotContain(KEY_ID);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> artifacts(TestCli.Result result) {
        return (Map<String, String>) ((List<Map<String, Object>>) result.json().get("checks")).get(0).get("artifacts");
    }

    @Test
    void theApiPathWithGroupAndVerifyPasses() {
        TestCli.Result result = app().run("xray", "--via", "api", "--group", "Default", "--verify", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, String> artifacts = artifacts(result);
        assertThat(artifacts).containsEntry("account", "123456789012").containsEntry("via", "api")
                .containsEntry("arn", "arn:aws:iam::123456789012:user/tracecheck-local");
        assertThat(artifacts.get("link")).contains("us-east-1.console.aws.amazon.com").contains(artifacts.get("trace_id"));
        StoredSegment segment = listen.backends().store().segmentsOfTrace(artifacts.get("trace_id")).get(0);
        assertThat(segment.name()).isEqualTo("web");
        assertThat(segment.probe()).isTrue();
        assertThat(segment.document()).contains("\"tracecheck_run_id\":\"" + result.json().get("run_id") + "\"");
        assertNoSecret(result);
    }

    @Test
    void theDaemonPathWithVerifyPassesAndWithoutItWarns() {
        TestCli.Result verified = app().run("xray", "--verify", "-o", "json");
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.codes()).isEmpty();
        assertThat(artifacts(verified)).containsEntry("via", "daemon");

        TestCli.Result unconfirmed = app().run("xray", "-o", "json");
        assertThat(unconfirmed.codes()).as(unconfirmed.toString()).containsExactly("xray.daemon-unconfirmed");
        assertThat(unconfirmed.exitCode()).isZero();
        assertNoSecret(unconfirmed);
    }

    @Test
    void aDaemonThatIsNotThereIsUnreachable() {
        int nothing = FreePorts.udp();
        TestCli.Result result = app().env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + nothing).run("xray", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.daemon-unreachable");
    }

    @Test
    void aMissingGroupNamesTheCommandToCreateIt() {
        TestCli.Result result = app().run("xray", "--via", "api", "--group", "checkout", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.group-missing");
        assertThat(result.problems().get(0).get("fix").toString())
                .isEqualTo("aws xray create-group --group-name checkout --filter-expression 'service(\"web\")'");
    }

    @Test
    void aGroupWhoseFilterMissesTheServiceIsAWarning() {
        try (XRayClient xray = XRayClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .endpointOverride(URI.create(listen.backends().httpBaseUrl())).httpClient(UrlConnectionHttpClient.create()).build()) {
            xray.createGroup(r -> r.groupName("payments").filterExpression("service(\"payments-api\")"));
        }
        TestCli.Result result = app().env("TRACECHECK_XRAY_GROUP", "payments").run("xray", "--via", "api", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.group-filter-mismatch");
        assertThat(result.problems().get(0).get("message").toString()).contains("service(\"payments-api\")").contains("\"web\"");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void credentialProblemsAreNamedFromStsAnswers() {
        TestCli.Result wrongSecret = app().env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE")
                .run("xray", "--via", "api", "-o", "json");
        assertThat(wrongSecret.codes()).as(wrongSecret.toString()).containsExactly("aws.signature-mismatch");
        assertThat(wrongSecret.all()).doesNotContain("wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE");

        TestCli.Result unknown = app().env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNUNKNOWN12").run("xray", "--via", "api", "-o", "json");
        assertThat(unknown.codes()).as(unknown.toString()).containsExactly("aws.credentials-invalid");
    }

    @Test
    @SuppressWarnings("unchecked")
    void tracesListsRecentTracesNewestFirstWithTheFilter() {
        String web = artifacts(app().run("xray", "--via", "api", "-o", "json")).get("trace_id");
        String worker = artifacts(app().env("OTEL_SERVICE_NAME", "worker").run("xray", "--via", "api", "-o", "json")).get("trace_id");
        TestCli.Result text = app().run("traces", "--source", "xray");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("TRACE ID").contains(web).contains(worker).contains("#xray:traces/" + web);
        TestCli.Result json = app().run("traces", "--source", "xray", "--filter", "service(\"worker\")", "-o", "json");
        List<Map<String, Object>> traces = (List<Map<String, Object>>) json.json().get("traces");
        assertThat(traces).extracting(t -> t.get("trace_id")).containsExactly(worker);
        assertThat(traces.get(0)).containsEntry("root_service", "worker").containsKeys("duration_s", "fault", "link");
        assertNoSecret(json);
    }

    @Test
    void noRegionAndNoCredentialsAreNamed() {
        TestCli.Result noRegion = app().without("AWS_REGION").run("xray", "--via", "api", "-o", "json");
        assertThat(noRegion.codes()).as(noRegion.toString()).contains("aws.region-missing");

        TestCli.Result noCredentials = TestCli.in(home).env("AWS_REGION", "us-east-1")
                .env("AWS_ENDPOINT_URL", listen.backends().httpBaseUrl()).run("xray", "--via", "api", "-o", "json");
        assertThat(noCredentials.codes()).as(noCredentials.toString()).contains("aws.credentials-missing");
        assertThat(noCredentials.problems().toString()).contains("no credentials: tried profile default");
    }
}
