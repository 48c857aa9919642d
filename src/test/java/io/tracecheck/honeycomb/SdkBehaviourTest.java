package io.tracecheck.honeycomb;

import com.sun.net.httpserver.HttpServer;
import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.OneTransportPort;
import io.tracecheck.TestCli;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the app's OpenTelemetry SDK will actually do with the configuration: where it sends when no
 * endpoint is set, which protocol a port speaks, and fixes that paste for the headers and paths
 * people get wrong.
 */
class SdkBehaviourTest {
    private static final String KEY = AcceptedKey.LOCAL_CONFIGURATION.key();

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    @Test
    void envSaysWhereAPlainSdkSendsWithOnlyTheKey() {
        TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY).env("OTEL_SERVICE_NAME", "web")
                .run("env", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.endpoint-unset");
        assertThat(result.problems().get(0)).containsEntry("severity", "warn")
                .containsEntry("message", "OTEL_EXPORTER_OTLP_ENDPOINT is unset, so a plain OpenTelemetry SDK exports "
                        + "http/protobuf to http://localhost:4318/v1/traces with no x-honeycomb-team header, not to Honeycomb: "
                        + "HONEYCOMB_API_KEY is read only by Honeycomb's own distributions")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io "
                        + "OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\"");
        assertThat(result.exitCode()).isZero();

        TestCli.Result grpc = TestCli.in(home).env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY).env("OTEL_SERVICE_NAME", "web")
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + Fixtures.INGEST_KEY).run("env", "-o", "json");
        assertThat(grpc.problems().get(0)).containsEntry("message", "OTEL_EXPORTER_OTLP_ENDPOINT is unset, so a plain "
                        + "OpenTelemetry SDK exports grpc to http://localhost:4317, not to Honeycomb: HONEYCOMB_API_KEY is read "
                        + "only by Honeycomb's own distributions")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io");
    }

    /** The probe goes to localhost:4318 as the SDK's would, with only the headers the SDK is given. */
    @Test
    void theProbeGoesWhereTheSdkWould() throws Exception {
        List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer collector = onSdkDefaultPort();
        collector.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            requests.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl())
                    .env("HONEYCOMB_API_KEY", KEY).env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.endpoint-unset");
            assertThat(result.exitCode()).isZero();
            assertThat(paths).containsExactly("/v1/traces");
            assertThat(requests.get(0).keySet()).noneMatch(name -> name.equalsIgnoreCase("x-honeycomb-team"));
        } finally {
            collector.stop(0);
        }
    }

    /** Something at localhost:4318 that drops the probe: the failure says whose address that is, and the fix sets the endpoint. */
    @Test
    @SuppressWarnings("unchecked")
    void aFailureAtTheSdksDefaultSaysSo() throws Exception {
        ServerSocket dropping = new ServerSocket();
        try {
            dropping.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4318));
        } catch (BindException inUse) {
            dropping.close();
            assumeTrue(false, "port 4318 is in use on this machine");
        }
        Thread closer = new Thread(() -> {
            while (!dropping.isClosed()) {
                try (Socket socket = dropping.accept()) {
                    socket.getInputStream().read();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        closer.setDaemon(true);
        closer.start();
        try {
            TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl())
                    .env("HONEYCOMB_API_KEY", KEY).env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.endpoint-unset", "net.closed");
            Map<String, Object> failure = result.problems().get(1);
            assertThat(failure.get("message").toString()).startsWith("localhost:4318 accepted the connection and closed it")
                    .endsWith("; that is the OpenTelemetry SDK's default, since OTEL_EXPORTER_OTLP_ENDPOINT is unset");
            assertThat(failure).containsEntry("fix", "export OTEL_EXPORTER_OTLP_ENDPOINT=" + listen.backends().httpBaseUrl()
                    + " OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\"");
            assertThat(String.valueOf(((java.util.List<Map<String, Object>>) result.json().get("checks")).get(0).get("summary")))
                    .as("the summary says whose address it was").isEqualTo("send: localhost:4318 closed the connection without an "
                            + "answer, the SDK's default endpoint");
        } finally {
            dropping.close();
        }
    }

    private static HttpServer onSdkDefaultPort() throws IOException {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4318), 0);
        } catch (BindException inUse) {
            assumeTrue(false, "port 4318 is in use on this machine");
            throw inUse;
        }
    }

    @Test
    void anUnexpandedKeyInTheHeadersIsOneProblemWithAFixThatExpands() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=${HONEYCOMB_API_KEY}").run("env", "-o", "json");
        assertThat(result.codes()).as(result.toString()).containsExactly("config.placeholder");
        assertThat(result.problems().get(0)).containsEntry("message", "OTEL_EXPORTER_OTLP_HEADERS: the value of "
                        + "x-honeycomb-team is the unexpanded placeholder ${HONEYCOMB_API_KEY}; the SDK sends it literally")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\"");

        TestCli.Result withDataset = TestCli.in(home).env(Fixtures.validEnvironment()).without("HONEYCOMB_API_KEY")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=$HONEYCOMB_API_KEY,x-honeycomb-dataset=web")
                .run("env", "-o", "json", "--only", "honeycomb");
        assertThat(withDataset.codes()).as(withDataset.toString()).containsExactly("config.placeholder");
        assertThat(withDataset.problems().get(0).get("message").toString())
                .endsWith("; set HONEYCOMB_API_KEY in this shell first");
        // the same reference braced: the value itself is what the shell never expanded, and a secret's, so never printed
        assertThat(withDataset.problems().get(0)).containsEntry("fix",
                "export OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=${HONEYCOMB_API_KEY},x-honeycomb-dataset=web\"");
    }

    @Test
    void aReferenceInsideAValueIsExpandedInPlace() {
        TestCli.Result result = TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://otlp.example.net")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer ${GRAFANA_TOKEN}").env("OTEL_SERVICE_NAME", "web")
                .run("env", "-o", "json", "--only", "honeycomb");
        assertThat(result.codes()).as(result.toString()).containsExactly("config.placeholder");
        assertThat(result.problems().get(0)).containsEntry("message", "OTEL_EXPORTER_OTLP_HEADERS: the value of authorization "
                        + "is the unexpanded placeholder ${GRAFANA_TOKEN}; the SDK sends it literally")
                .containsEntry("fix", "export OTEL_EXPORTER_OTLP_HEADERS=\"authorization=Bearer $GRAFANA_TOKEN\"");
    }

    @Test
    void aDoubledTracesPathGetsTheBaseUrl() {
        TestCli.Result base = TestCli.in(home).env(Fixtures.validEnvironment())
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io/v1/traces/v1/traces").run("env", "-o", "json");
        assertThat(base.codes()).as(base.toString()).containsExactly("honeycomb.endpoint-path");
        assertThat(base.problems().get(0)).containsEntry("fix", "export OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io");

        TestCli.Result traces = TestCli.in(home).env(Fixtures.validEnvironment()).without("OTEL_EXPORTER_OTLP_ENDPOINT")
                .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://api.honeycomb.io/v1/traces/v1/traces/")
                .run("env", "-o", "json");
        assertThat(traces.codes()).as(traces.toString()).containsExactly("honeycomb.endpoint-path");
        assertThat(traces.problems().get(0)).containsEntry("fix",
                "export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=https://api.honeycomb.io/v1/traces");
    }

    @Test
    void grpcToTheHttpPortIsNamedFromTheAnswer() throws Exception {
        try (OneTransportPort http = OneTransportPort.http1()) {
            TestCli.Result result = TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", http.url())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertGrpcToHttp(result, http.port());
        }
    }

    private static void assertGrpcToHttp(TestCli.Result result, int port) {
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.protocol-mismatch");
        assertThat(result.problems().get(0).get("message").toString()).matches("127\\.0\\.0\\.1:" + port
                + " speaks OTLP/HTTP \\(HTTP/1\\.1\\), not grpc: it answered 'HTTP/1\\.1 \\d{3}[^']*' to the HTTP/2 preface; "
                + "set the protocol to http/protobuf, or point the endpoint at the collector's grpc port \\(usually 4317\\)");
        assertThat(result.problems().get(0)).containsEntry("fix", "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
    }

    @Test
    void httpToTheGrpcPortIsNamedFromTheAnswer() throws Exception {
        try (OneTransportPort grpc = OneTransportPort.h2c()) {
            TestCli.Result result = TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", grpc.url())
                    .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertHttpToGrpc(result, grpc.port());
        }
    }

    private static void assertHttpToGrpc(TestCli.Result result, int port) {
        assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.protocol-mismatch");
        assertThat(result.problems().get(0).get("message").toString()).matches("127\\.0\\.0\\.1:" + port
                + " speaks OTLP/gRPC \\(HTTP/2\\), not http/protobuf: it answered an HTTP/2 (SETTINGS|GOAWAY) frame to an "
                + "HTTP/1\\.1 request; set the protocol to grpc, or point the endpoint at the collector's http/protobuf port "
                + "\\(usually 4318\\)");
        assertThat(result.problems().get(0)).containsEntry("fix", "export OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
    }

    @Test
    void theFixSetsTheVariablesThatDecided() throws Exception {
        try (OneTransportPort http = OneTransportPort.http1()) {
            TestCli.Result traces = TestCli.in(home).env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", http.url() + "/otlp")
                    .env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc").env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
            assertThat(traces.codes()).as(traces.toString()).containsExactly("honeycomb.protocol-mismatch");
            // one fix, both variables: in Gitpod one gp env line
            assertThat(traces.problems().get(0)).containsEntry("fix", "export OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf "
                    + "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=" + http.url() + "/otlp/v1/traces");
        }
    }
}
