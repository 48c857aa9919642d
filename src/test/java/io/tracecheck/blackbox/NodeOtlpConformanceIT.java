package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FreePorts;
import io.tracecheck.listen.DaemonPorts;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * listen against a client that shares none of its code or libraries: a Node app instrumented with the
 * OpenTelemetry JS SDK (src/test/node/export-trace.js) exports a two-span trace over each OTLP protocol
 * to {@code scripts/tracecheck listen}, and {@code scripts/tracecheck trace} reads it back. The JS
 * exporters encode on their own (protobufjs; OTLP/JSON with hex ids; gRPC through @grpc/grpc-js), so a
 * decoding that only agrees with the Java SDK's encoder would show here.
 * <p>
 * Needs {@code node} and the exporters from {@code npm ci --prefix scripts/bench-tools/node}; skipped
 * without them, unless {@code TRACECHECK_NODE_TEST=required} (set by .ci/run, which installs them).
 */
class NodeOtlpConformanceIT {
    private static final Path NODE_TOOLS = HostTools.NODE_TOOLS;
    private static final Path CLIENT = Launcher.PROJECT.resolve("src/test/node/export-trace.js");

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http/protobuf, otlp-http", "http/json, otlp-http", "grpc, otlp-grpc"})
    void aTraceExportedByTheOtelJsSdkIsStoredAsSent(String protocol, String origin) throws Exception {
        Optional<Path> node = HostTools.onPath("node");
        requireOrSkip(node.isPresent(), "no node on PATH");
        for (String exporter : List.of("exporter-trace-otlp-proto", "exporter-trace-otlp-http", "exporter-trace-otlp-grpc")) {
            requireOrSkip(Files.isDirectory(NODE_TOOLS.resolve("node_modules/@opentelemetry/" + exporter)),
                    "@opentelemetry/" + exporter + " is not installed (npm ci --prefix scripts/bench-tools/node)");
        }

        int http = FreePorts.tcp();
        int grpc = FreePorts.tcp();
        Path tracecheck = Launcher.PROJECT.resolve("scripts/tracecheck");
        try (Launcher.Running listen = new Launcher(tracecheck, home).start("listen", "--http-port", String.valueOf(http),
                "--grpc-port", String.valueOf(grpc), "--udp-port", String.valueOf(DaemonPorts.free()))) {
            listen.awaitOut("Point an app here:");
            String base = "http://127.0.0.1:" + http;
            String service = "node-" + protocol.replace('/', '-');

            Launcher.Run app = new Launcher(node.get(), home).env("NODE_PATH", NODE_TOOLS.resolve("node_modules").toString())
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", protocol.equals("grpc") ? "http://127.0.0.1:" + grpc : base)
                    .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=TracecheckLocalConfig1")
                    .run(CLIENT.toString(), protocol, service);
            assertThat(app.exitCode()).as(app.toString()).isZero();
            Map<String, Object> sent = JSON.std.mapFrom(app.out());

            Launcher.Run read = new Launcher(tracecheck, home)
                    .run("trace", (String) sent.get("trace"), "--listen-url", base, "-o", "json");
            assertThat(read.exitCode()).as(read + "\n-- listen:\n" + listen.snapshot()).isZero();
            Map<String, Object> trace = JSON.std.mapFrom(read.out());
            assertThat(trace).containsEntry("trace_id", sent.get("trace")).containsEntry("span_count", 2)
                    .containsEntry("error_count", 1).containsEntry("orphan_count", 0);

            List<Map<String, Object>> spans = maps(trace.get("spans"));
            Map<String, Object> root = spans.get(0);
            Map<String, Object> child = spans.get(1);
            assertThat(root).containsEntry("span_id", sent.get("root")).containsEntry("parent_id", "")
                    .containsEntry("name", "GET /checkout").containsEntry("service", service)
                    .containsEntry("error", false).containsEntry("origin", origin);
            // every attribute type the JS SDK encodes: string, int, bool, double
            assertThat(maps(List.of(root.get("attributes"))).get(0)).containsEntry("http.request.method", "GET")
                    .containsEntry("http.response.status_code", "200").containsEntry("retry.count", "2")
                    .containsEntry("cache.hit", "false").containsEntry("ratio", "0.25");
            assertThat(child).containsEntry("span_id", sent.get("child")).containsEntry("parent_id", sent.get("root"))
                    .containsEntry("depth", 1).containsEntry("name", "SELECT orders").containsEntry("service", service)
                    .containsEntry("error", true).containsEntry("origin", origin);
            assertThat(maps(List.of(child.get("attributes"))).get(0)).containsEntry("db.system", "postgresql");
            // listen's closing line counts what it took: every request the exporter made decoded and kept
            assertThat(listen.stop().out()).as("listen's summary").containsPattern("malformed 0, refused 0\\b");
        }
    }

    /** JSON objects as jackson-jr reads them, typed for AssertJ's map assertions. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }

    private static void requireOrSkip(boolean present, String missing) {
        HostTools.requireOrSkip("TRACECHECK_NODE_TEST", present, missing);
    }
}
