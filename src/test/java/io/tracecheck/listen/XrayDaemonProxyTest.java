package io.tracecheck.listen;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.GetSamplingRulesResponse;
import software.amazon.awssdk.services.xray.model.GetSamplingTargetsResponse;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.SamplingStatisticsDocument;
import software.amazon.awssdk.services.xray.model.XRayException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The X-Ray daemon's TCP proxy: what X-Ray SDKs post unsigned to the daemon's address (sampling
 * rules and targets), answered in X-Ray's shapes from the same rules the signed API serves.
 */
class XrayDaemonProxyTest {
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension(() -> {
        Store store = new Store(100);
        store.onArrival(arrivals::add);
        return LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC(), store);
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private XRayClient client(String endpoint, AwsCredentialsProvider credentials) {
        return XRayClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_WEST_2)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private String daemon() {
        return "http://127.0.0.1:" + listen.backends().udpPort();
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnsignedSdkGetsTheRulesAndTargetsTheSignedApiServes() {
        try (XRayClient viaDaemon = client(daemon(), AnonymousCredentialsProvider.create());
             XRayClient signed = client(listen.backends().httpBaseUrl(), StaticCredentialsProvider.create(AwsBasicCredentials.create(
                     AcceptedCredentials.LOCAL.accessKeyId(), AcceptedCredentials.LOCAL.secretAccessKey())))) {
            GetSamplingRulesResponse rules = viaDaemon.getSamplingRules(r -> { });
            SamplingRule rule = rules.samplingRuleRecords().get(0).samplingRule();
            assertThat(rule.ruleName()).isEqualTo("Default");
            assertThat(rule.fixedRate()).isEqualTo(0.05);
            assertThat(rule.reservoirSize()).isEqualTo(1);
            assertThat(rule.version()).isEqualTo(1);
            assertThat(rule.resourceARN()).isEqualTo("*");
            assertThat(rules.samplingRuleRecords().get(0).modifiedAt()).isBeforeOrEqualTo(Instant.now());
            assertThat(signed.getSamplingRules(r -> { }).samplingRuleRecords()).isEqualTo(rules.samplingRuleRecords());

            Instant now = Instant.now();
            GetSamplingTargetsResponse targets = viaDaemon.getSamplingTargets(r -> r.samplingStatisticsDocuments(
                    SamplingStatisticsDocument.builder().ruleName("Default").clientID("0123456789abcdef01234567")
                            .timestamp(now).requestCount(10).sampledCount(2).borrowCount(1).build(),
                    SamplingStatisticsDocument.builder().ruleName("NoSuchRule").clientID("0123456789abcdef01234567")
                            .timestamp(now).requestCount(1).sampledCount(0).build()));
            assertThat(targets.samplingTargetDocuments()).singleElement().satisfies(target -> {
                assertThat(target.ruleName()).isEqualTo("Default");
                assertThat(target.fixedRate()).isEqualTo(0.05);
                assertThat(target.reservoirQuota()).isEqualTo(1);
                assertThat(target.interval()).isEqualTo(10);
                assertThat(target.reservoirQuotaTTL()).isAfter(now);
            });
            assertThat(targets.unprocessedStatistics()).singleElement().satisfies(unknown ->
                    assertThat(unknown.ruleName()).isEqualTo("NoSuchRule"));
            assertThat(targets.lastRuleModification()).isEqualTo(rules.samplingRuleRecords().get(0).modifiedAt());
            assertThat(signed.getSamplingTargets(r -> r.samplingStatisticsDocuments(SamplingStatisticsDocument.builder()
                    .ruleName("Default").clientID("0123456789abcdef01234567").timestamp(now).requestCount(1)
                    .sampledCount(1).build())).samplingTargetDocuments()).hasSize(1);
        }
        assertThat(arrivals).filteredOn(a -> a.source() == Source.XRAY_TCP).extracting(a -> a.request().operation())
                .containsExactly("GetSamplingRules", "GetSamplingTargets");
        assertThat(arrivals).allSatisfy(a -> assertThat(a.kind()).isEqualTo(Arrival.Kind.REQUEST));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentedShapesOverPlainHttp() throws Exception {
        HttpResponse<String> rules = post(daemon() + "/GetSamplingRules", "{}");
        assertThat(rules.statusCode()).isEqualTo(200);
        Map<String, Object> record = ((List<Map<String, Object>>) JSON.std.mapFrom(rules.body()).get("SamplingRuleRecords")).get(0);
        assertThat(record).containsKeys("CreatedAt", "ModifiedAt");
        assertThat((Map<String, Object>) record.get("SamplingRule")).containsEntry("RuleName", "Default")
                .containsEntry("ServiceName", "*").containsEntry("ServiceType", "*").containsEntry("Host", "*")
                .containsEntry("HTTPMethod", "*").containsEntry("URLPath", "*").containsEntry("Priority", 10000);

        HttpResponse<String> targets = post(daemon() + "/SamplingTargets", "{\"SamplingStatisticsDocuments\":[{\"RuleName\":"
                + "\"Default\",\"ClientID\":\"0123456789abcdef01234567\",\"Timestamp\":" + Instant.now().getEpochSecond()
                + ",\"RequestCount\":3,\"SampledCount\":1,\"BorrowCount\":0}]}");
        assertThat(targets.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSON.std.mapFrom(targets.body());
        assertThat(body).containsKeys("SamplingTargetDocuments", "LastRuleModification", "UnprocessedStatistics");
        assertThat(((List<Map<String, Object>>) body.get("SamplingTargetDocuments")).get(0))
                .containsKeys("RuleName", "FixedRate", "ReservoirQuota", "ReservoirQuotaTTL", "Interval");

        HttpResponse<String> missing = post(daemon() + "/SamplingTargets", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestException");
        HttpResponse<String> noClient = post(daemon() + "/SamplingTargets", "{\"SamplingStatisticsDocuments\":[{\"RuleName\":"
                + "\"Default\",\"Timestamp\":1,\"RequestCount\":3,\"SampledCount\":1}]}");
        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(noClient.body()).contains("ClientID");

        HttpResponse<String> unknown = post(daemon() + "/NoSuchOperation", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        Arrival refused = arrivals.get(arrivals.size() - 1);
        assertThat(refused.kind()).isEqualTo(Arrival.Kind.NOT_FOUND);
        assertThat(refused.source()).isEqualTo(Source.XRAY_TCP);
        assertThat(refused.cause()).contains("/GetSamplingRules and /SamplingTargets");
    }

    @Test
    void theSignedApiPortTellsAnUnsignedSamplerWhereTheDaemonIs() throws Exception {
        HttpResponse<String> response = post(listen.backends().httpBaseUrl() + "/GetSamplingRules", "{}");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        Arrival arrival = arrivals.get(arrivals.size() - 1);
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.UNAUTHORIZED);
        assertThat(arrival.source()).isEqualTo(Source.XRAY_API);
        assertThat(arrival.cause()).contains("AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:" + listen.backends().udpPort()).contains("over TCP");
        try (XRayClient unsigned = client(listen.backends().httpBaseUrl(), AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> unsigned.getSamplingRules(r -> { })).isInstanceOf(XRayException.class)
                    .hasMessageContaining("Request is missing Authentication Token");
        }
    }

    @Test
    void segmentsPostedThroughTheProxyLandInTheStore() throws Exception {
        String segment = "{\"name\":\"web\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\","
                + "\"start_time\":1.0,\"end_time\":2.0}";
        HttpResponse<String> response = post(daemon() + "/TraceSegments",
                JSON.std.asString(Map.of("TraceSegmentDocuments", List.of(segment))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(listen.backends().store().segmentsOfTrace("1-581cf771-a006649127e371903a2de979"))
                .singleElement().satisfies(s -> assertThat(s.source()).isEqualTo(Source.XRAY_TCP));
    }
}
