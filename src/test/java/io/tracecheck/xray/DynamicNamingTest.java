package io.tracecheck.xray;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS_XRAY_URL, the host pattern of the X-Ray SDK's dynamic naming (as the SDK guides for Gitpod set it):
 * segments of requests through a matching host are named after the host, so a group that selects the
 * app's fixed name does not show them, though it shows tracecheck's probe.
 */
class DynamicNamingTest {
    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    @BeforeEach
    void createGroups() {
        try (XRayClient xray = XRayClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AcceptedCredentials.LOCAL.accessKeyId(), AcceptedCredentials.LOCAL.secretAccessKey())))
                .endpointOverride(URI.create(listen.backends().httpBaseUrl())).httpClient(UrlConnectionHttpClient.create()).build()) {
            xray.createGroup(r -> r.groupName("shop").filterExpression("service(\"web\")"));
            xray.createGroup(r -> r.groupName("previews").filterExpression("service(\"5000-shop-abc.ws-eu.gitpod.io\")"));
        }
    }

    private TestCli app() {
        return TestCli.in(home).env("AWS_REGION", "us-east-1").env("AWS_DEFAULT_REGION", "us-east-1")
                .env("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey())
                .env("AWS_ENDPOINT_URL", listen.backends().httpBaseUrl()).env("OTEL_SERVICE_NAME", "web");
    }

    @Test
    void aPatternThatRenamesSegmentsAwayFromTheGroupsServiceIsAWarning() {
        TestCli.Result result = app().env("AWS_XRAY_URL", "*.gitpod.io").run("xray", "--via", "api", "--group", "shop", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.group-filter-mismatch");
        Map<String, Object> problem = result.problems().get(0);
        assertThat(problem.get("severity")).isEqualTo("warn");
        assertThat(problem.get("message")).isEqualTo("AWS_XRAY_URL is '*.gitpod.io': with dynamic naming the X-Ray SDK names the "
                + "segment of every request whose Host matches *.gitpod.io after that host, not web, so group shop "
                + "(filter service(\"web\")) will not show them, though it shows this probe");
        assertThat(problem.get("fix")).isEqualTo("aws xray update-group --group-name shop --filter-expression "
                + "'(service(\"web\")) OR http.url CONTAINS \".gitpod.io\"'  # the group then also shows requests through "
                + "*.gitpod.io; or name every segment web: unset AWS_XRAY_URL");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void inGitpodTheUnsetIsTheGpForm() {
        TestCli.Result result = app().env("GITPOD_WORKSPACE_ID", "shop-abc").env("AWS_XRAY_URL", "https://*.gitpod.io/")
                .run("xray", "--via", "api", "--group", "shop", "-o", "json");
        assertThat(result.problems().get(0).get("fix").toString()).as(result.toString())
                .endsWith("or name every segment web: gp env -u AWS_XRAY_URL && unset AWS_XRAY_URL");
    }

    @Test
    void noWarningWhenTheGroupSelectsANameThePatternGivesOrWithoutDynamicNaming() {
        TestCli.Result matching = app().env("AWS_XRAY_URL", "*.gitpod.io").run("xray", "--via", "api", "--group", "previews", "-o", "json");
        assertThat(matching.codes()).as(matching.toString()).containsExactly("xray.group-filter-mismatch"); // the probe's own name
        assertThat(matching.problems().get(0).get("message").toString()).doesNotContain("AWS_XRAY_URL");

        TestCli.Result fixedName = app().run("xray", "--via", "api", "--group", "shop", "-o", "json");
        assertThat(fixedName.codes()).as(fixedName.toString()).isEmpty();
    }
}
