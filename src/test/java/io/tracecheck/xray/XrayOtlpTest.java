package io.tracecheck.xray;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.StoredLogEvent;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** xray --via otlp and the migration report, through the command line against listen's AWS side. */
class XrayOtlpTest {
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

    @SuppressWarnings("unchecked")
    private static Map<String, String> artifacts(TestCli.Result result) {
        return (Map<String, String>) ((List<Map<String, Object>>) result.json().get("checks")).get(0).get("artifacts");
    }

    private void destination(String value) {
        try (XRayClient xray = XRayClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .endpointOverride(URI.create(listen.backends().httpBaseUrl())).httpClient(UrlConnectionHttpClient.create()).build()) {
            xray.updateTraceSegmentDestination(r -> r.destination(value));
        }
    }

    @Test
    void theOtlpPathSendsSignedSpansAndReadsThemBackFromAwsSpans() {
        TestCli.Result result = app().run("xray", "--via", "otlp", "--verify", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.codes()).as(result.toString()).isEmpty();
        Map<String, String> artifacts = artifacts(result);
        String traceId = artifacts.get("trace_id");
        assertThat(artifacts).containsEntry("via", "otlp").containsEntry("endpoint", listen.backends().httpBaseUrl() + "/v1/traces");
        assertThat(artifacts.get("link")).contains("#xray:traces/1-" + traceId.substring(0, 8) + "-" + traceId.substring(8));
        List<StoredLogEvent> spans = listen.backends().store().find(StoredLogEvent.class, e -> e.group().equals("aws/spans")
                && e.message().contains(traceId));
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).message()).contains("\"traceId\":\"" + traceId + "\"").contains("\"service.name\":\"web\"")
                .contains("\"tracecheck.run_id\":\"" + result.json().get("run_id") + "\"");
        assertThat(result.out()).contains("read back from aws/spans").contains("BatchGetTraces");
        assertThat(result.notes()).extracting(n -> n.get("code")).containsExactly("xray.migration");
        assertThat(result.all()).doesNotContain(SECRET);
    }

    @Test
    void withTransactionSearchOffTheOtlpPathFailsWithTheCommandsThatTurnItOn() {
        destination("XRay");
        TestCli.Result result = app().run("xray", "--via", "otlp", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.codes()).as(result.toString()).containsExactly("xray.transaction-search-off");
        String fix = result.problems().get(0).get("fix").toString();
        assertThat(fix).startsWith("aws logs put-resource-policy --region us-east-1 --policy-name TransactionSearchXRayAccess")
                .contains("arn:aws:logs:us-east-1:123456789012:log-group:aws/spans:*")
                .endsWith("&& aws xray update-trace-segment-destination --destination CloudWatchLogs --region us-east-1");
        assertThat(listen.backends().store().find(StoredLogEvent.class, e -> e.group().equals("aws/spans"))).isEmpty();
    }

    @Test
    void theEndpointsOwnRefusalIsReadWhenTheDestinationCannotBeChecked() throws Exception {
        destination("XRay");
        // an app whose OTLP exporter goes to X-Ray's host, through a proxy that is not there: nothing leaves loopback
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TestCli.Result auto = app().env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://xray.us-east-1.amazonaws.com/v1/traces")
                .env("HTTPS_PROXY", "http://127.0.0.1:" + closed).env("NO_PROXY", "127.0.0.1")
                .run("xray", "-o", "json");
        assertThat(artifacts(auto)).as(auto.toString()).containsEntry("via", "otlp")
                .containsEntry("endpoint", "https://xray.us-east-1.amazonaws.com/v1/traces");
        assertThat(auto.codes()).as(auto.toString()).containsExactly("xray.transaction-search-off");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMigrationReportNamesThePathAndWhatOtlpNeedsWithoutChangingTheStatus() {
        destination("XRay");
        TestCli.Result result = app().run("xray", "--verify", "-o", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.codes()).as(result.toString()).isEmpty();
        assertThat(((List<Map<String, Object>>) result.json().get("checks")).get(0).get("status")).isEqualTo("pass");
        Map<String, Object> note = result.notes().get(0);
        assertThat(note.get("code")).isEqualTo("xray.migration");
        assertThat(note.get("message").toString()).contains("the X-Ray SDK and daemon").contains("2027-02-25")
                .contains("Transaction Search is off in us-east-1").contains("xray:PutSpans")
                .contains("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf");
        assertThat(note.get("fix").toString()).contains("aws xray update-trace-segment-destination --destination CloudWatchLogs");

        TestCli.Result text = app().env("LANG", "C.UTF-8").run("xray", "--verify");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("i xray.migration: set up for the X-Ray SDK and daemon");
    }
}
