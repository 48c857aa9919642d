package io.tracecheck.cli;

import io.tracecheck.ClosingPort;
import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixes of network failures, for the situation they happen in, through the command line: the command
 * that starts what should listen, the look at a port that closes at once, the variable set to http://, the
 * wait the server asked for, a gRPC exporter at an HTTP port, the IAM grant AWS named.
 */
class NetworkFixesTest {
    private static final String STS_OK = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";

    @TempDir
    Path home;

    @TempDir
    Path work;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void nothingListeningOnALocalPortIsStartedWithListen() throws Exception {
        int port = closedPort();
        Map<String, Object> problem = only(collector("http://127.0.0.1:" + port).run("honeycomb", "-o", "json"));
        assertThat(problem).containsEntry("code", "net.refused");
        assertThat(problem.get("fix").toString()).startsWith("tracecheck listen --http-port " + port + "  # ")
                .endsWith("; or, for a collector on its usual port: export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318");

        Map<String, Object> grpc = only(collector("http://127.0.0.1:" + port).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .run("honeycomb", "-o", "json"));
        assertThat(grpc.get("fix").toString()).startsWith("tracecheck listen --grpc-port " + port + "  # ")
                .endsWith("; or, for a collector on its usual port: export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317");
    }

    @Test
    void nothingListeningWhereAComposeServicePublishesIsThatServiceStarted() throws Exception {
        int port = closedPort();
        Path compose = work.resolve("compose.yaml");
        Files.writeString(compose, "services:\n  otel-collector:\n    image: otel/opentelemetry-collector\n"
                + "    ports: [\"" + port + ":4318\"]\n");
        Map<String, Object> problem = only(collector("http://127.0.0.1:" + port).env("PWD", work.toString())
                .run("honeycomb", "-o", "json"));
        assertThat(problem).containsEntry("code", "net.refused");
        assertThat(problem.get("fix").toString()).startsWith("docker compose -f " + compose + " up -d otel-collector  # ");
    }

    @Test
    void aPortThatAcceptsAndClosesIsNotNothingListening() throws Exception {
        try (ClosingPort closing = new ClosingPort()) {
            TestCli.Result result = collector("http://127.0.0.1:" + closing.port()).run("honeycomb", "-o", "json");
            Map<String, Object> problem = only(result);
            assertThat(problem).containsEntry("code", "net.closed");
            assertThat(problem.get("message").toString()).startsWith("127.0.0.1:" + closing.port()
                    + " accepted the connection and closed it without an answer");
            assertThat(problem.get("fix").toString()).startsWith("curl -sv --max-time 5 http://127.0.0.1:" + closing.port()
                    + "/v1/traces  # ").contains("curl -sv --max-time 5 https://127.0.0.1:" + closing.port() + "/v1/traces")
                    .doesNotContain("Start").doesNotContain("tracecheck listen");
            assertThat(result.out()).contains("127.0.0.1:" + closing.port() + " closed the connection without an answer");
            assertThat(closing.accepted()).isPositive();

            // a gRPC exporter: a port that speaks only HTTP/1.1 may hang up on the HTTP/2 preface
            Map<String, Object> grpc = only(collector("http://127.0.0.1:" + closing.port())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").run("honeycomb", "-o", "json"));
            assertThat(grpc).containsEntry("code", "net.closed");
            assertThat(grpc.get("message").toString()).endsWith("hangs up on a gRPC call this way");
            assertThat(grpc.get("fix").toString()).endsWith("; or, for an OTLP/HTTP port: export OTEL_EXPORTER_OTLP_PROTOCOL="
                    + "http/protobuf");
        }
    }

    @Test
    void httpsToAPlainPortSetsTheVariableToHttpWhereTheUserIs() {
        String plain = listen.backends().httpBaseUrl();
        String https = plain.replace("http://", "https://");
        assertThat(only(collector(https).run("honeycomb", "-o", "json")))
                .containsEntry("code", "net.tls").containsEntry("fix", "export OTEL_EXPORTER_OTLP_ENDPOINT=" + plain
                        + "  # the port speaks plain HTTP, as a local collector does");
        assertThat(only(collector(https).env("GITPOD_WORKSPACE_ID", "shop-abc123").run("honeycomb", "-o", "json")).get("fix"))
                .isEqualTo("gp env OTEL_EXPORTER_OTLP_ENDPOINT=" + plain + " && eval \"$(gp env -e)\"  # the port speaks "
                        + "plain HTTP, as a local collector does");
    }

    @Test
    void aRateLimitWaitsWhatTheServerAskedThenRunsTheThrottledCheck() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("slow down").build());
        server.start();
        Map<String, Object> problem = only(collector(base()).run("honeycomb", "-o", "json"));
        assertThat(problem).containsEntry("code", "http.rate-limited");
        assertThat(problem.get("fix").toString()).startsWith("sleep 30 && tracecheck honeycomb  # ");
    }

    @Test
    void aGrpcExporterAtAnHttpPortIsAProtocolMismatch() throws Exception {
        // listen's OTLP/HTTP port speaks h2c too, and answers a gRPC call UNIMPLEMENTED
        Map<String, Object> atListen = only(collector(listen.backends().httpBaseUrl()).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .run("honeycomb", "-o", "json"));
        assertThat(atListen).containsEntry("code", "honeycomb.protocol-mismatch")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        assertThat(atListen.get("message").toString()).contains("speaks OTLP/HTTP (HTTP/2 without gRPC), not grpc")
                .contains("UNIMPLEMENTED").contains("usually 4317");

        // a collector's OTLP/HTTP receiver over h2c: a plain 404, no gRPC in it
        server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/plain; charset=utf-8")
                .body("404 page not found").build());
        server.start();
        Map<String, Object> atCollector = only(collector(base()).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .run("honeycomb", "-o", "json"));
        assertThat(atCollector).containsEntry("code", "honeycomb.protocol-mismatch")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        assertThat(atCollector.get("message").toString()).contains("HTTP 404 (text/plain) to the gRPC call");
    }

    @Test
    void accessDeniedGrantsTheActionAwsNamedToTheIdentityItNamed() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(STS_OK).build());
        server.enqueue(new MockResponse.Builder().code(403).addHeader("x-amzn-ErrorType", "AccessDeniedException")
                .addHeader("Content-Type", "application/json").body("{\"message\":\"User: arn:aws:iam::123456789012:user/dev "
                        + "is not authorized to perform: xray:PutTraceSegments because no identity-based policy allows the "
                        + "xray:PutTraceSegments action\"}").build());
        server.start();
        Map<String, Object> problem = only(TestCli.in(home).env("AWS_REGION", "us-east-1")
                .env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID).env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET)
                .env("AWS_ENDPOINT_URL", server.url("/").toString()).env("OTEL_SERVICE_NAME", "web")
                .run("xray", "--via", "api", "-o", "json"));
        assertThat(problem).containsEntry("code", "aws.access-denied");
        assertThat(problem.get("fix").toString()).startsWith("aws iam put-user-policy --user-name dev --policy-name "
                + "tracecheck-xray-PutTraceSegments --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"xray:PutTraceSegments\",\"Resource\":\"*\"}]}'  # ");
    }

    @Test
    void aKeyThatCannotQueryIsReplacedForTracecheckOnly() {
        String key = AcceptedKey.LOCAL_INGEST.key();
        Map<String, Object> problem = TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl())
                .env("HONEYCOMB_API_KEY", key).env("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().httpBaseUrl())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key).env("OTEL_SERVICE_NAME", "web")
                .env("GITPOD_WORKSPACE_ID", "shop-abc123").run("honeycomb", "--verify", "-o", "json").problems().stream()
                .filter(p -> "honeycomb.queries-unavailable".equals(p.get("code"))).findFirst().orElseThrow();
        assertThat(problem.get("fix").toString()).startsWith("read -rs HONEYCOMB_API_KEY && gp env HONEYCOMB_API_KEY="
                + "\"$HONEYCOMB_API_KEY\" && eval \"$(gp env -e)\"  # paste a Configuration key with \"Run Queries\"");
    }

    private TestCli collector(String endpoint) {
        return TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.replaceAll("/$", "")).env("OTEL_SERVICE_NAME", "web");
    }

    private String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    private static Map<String, Object> only(TestCli.Result result) {
        assertThat(result.problems()).as(result.toString()).hasSize(1);
        return result.problems().get(0);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
