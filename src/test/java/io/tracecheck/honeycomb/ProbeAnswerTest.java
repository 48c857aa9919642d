package io.tracecheck.honeycomb;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracecheck.TestCli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe's answer read through the command line, as the user sees it: a JSON partial success, and
 * answers a receiver should never send (a length beyond the body, a document nested without end)
 * read as an exporter reads them, nothing rejected, without the check failing on them.
 */
class ProbeAnswerTest {
    @TempDir
    Path home;

    private TestCli collector(MockWebServer server) {
        return TestCli.in(home).env("OTEL_EXPORTER_OTLP_ENDPOINT", server.url("/").toString().replaceAll("/$", ""))
                .env("OTEL_SERVICE_NAME", "web");
    }

    @Test
    void aJsonPartialSuccessIsReported() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"spans too old\"}}").build());
            TestCli.Result result = collector(server).env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json").run("honeycomb", "-o", "json");
            assertThat(result.codes()).as(result.toString()).containsExactly("honeycomb.partial-success");
            assertThat(result.problems().get(0).get("message").toString()).contains("rejected 2 of 2 spans: spans too old");
            RecordedRequest request = server.takeRequest();
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
            assertThat(request.getBody().utf8()).startsWith("{\"resourceSpans\":[");
        }
    }

    @Test
    void hostileAnswersReportNothingRejected() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            // partial_success claiming 2^31-1 bytes, in a 7-byte body
            byte[] huge = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x08};
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf")
                    .body(new Buffer().write(huge)).build());
            TestCli.Result protobuf = collector(server).run("honeycomb", "-o", "json");
            assertThat(protobuf.exitCode()).as(protobuf.toString()).isZero();
            assertThat(protobuf.codes()).doesNotContain("honeycomb.partial-success");
            // the request was the probe, readable by the generated classes
            ExportTraceServiceRequest sent = ExportTraceServiceRequest.parseFrom(server.takeRequest().getBody().toByteArray());
            assertThat(sent.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(2);

            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"partialSuccess\":" + "[".repeat(200_000)).build());
            TestCli.Result json = collector(server).env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json").run("honeycomb", "-o", "json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            assertThat(json.codes()).doesNotContain("honeycomb.partial-success");
        }
    }
}
