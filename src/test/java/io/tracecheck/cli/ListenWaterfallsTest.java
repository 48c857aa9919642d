package io.tracecheck.cli;

import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** tracecheck listen draws each trace's waterfall in the live view, unless --no-waterfalls. */
class ListenWaterfallsTest {
    private static final String TRACE = "5b8efff798038103d269b633813fc60c";

    @TempDir
    Path home;

    /** Runs listen until a trace's spans have shown, then stops it as Ctrl-C would: its stdout. */
    private String listenWhileATraceArrives(String... flags) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = TestCli.in(home).environment();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("listen", "--http-port", "0", "--grpc-port", "0",
                "--udp-port", "0"), java.util.Arrays.stream(flags)).toArray(String[]::new);
        Thread listen = new Thread(() -> CommandLines.execute(new PrintWriter(out), new PrintWriter(err), env, false, args),
                "listen-under-test");
        listen.setDaemon(true);
        listen.start();
        try {
            Matcher port = await(out, "OTLP/HTTP  http://127\\.0\\.0\\.1:(\\d+)", listen);
            String spans = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"shop\"}}]},"
                    + "\"scopeSpans\":[{\"spans\":["
                    + "{\"traceId\":\"" + TRACE + "\",\"spanId\":\"051581bf3cb55c13\",\"name\":\"GET /cart\",\"startTimeUnixNano\":\"1764151200000000000\","
                    + "\"endTimeUnixNano\":\"1764151200120000000\",\"attributes\":[{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/cart\"}}]},"
                    + "{\"traceId\":\"" + TRACE + "\",\"spanId\":\"151581bf3cb55c14\",\"parentSpanId\":\"051581bf3cb55c13\",\"name\":\"SELECT items\","
                    + "\"startTimeUnixNano\":\"1764151200010000000\",\"endTimeUnixNano\":\"1764151200030000000\"}]}]}]}";
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/v1/traces")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(spans, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            await(out, "otlp-http.*" + TRACE, listen);
        } finally {
            listen.interrupt();
            listen.join(Duration.ofMinutes(1).toMillis());
        }
        assertThat(listen.isAlive()).isFalse();
        return out.toString();
    }

    private static Matcher await(StringWriter out, String regex, Thread listen) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(out.toString());
            if (matcher.find()) {
                return matcher;
            }
            if (!listen.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("listen did not print /" + regex + "/:\n" + out);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aTraceStillOpenWhenListenStopsIsDrawnThen() throws Exception {
        String out = listenWhileATraceArrives();
        assertThat(out).contains("trace " + TRACE + "  shop  \"GET /cart\"  2 spans  120.0 ms")
                .contains("  GET /cart").contains("`- SELECT items").contains("20.0 ms");
        // drawn before the closing counts
        assertThat(out.indexOf("trace " + TRACE)).isLessThan(out.lastIndexOf("received "));
    }

    @Test
    void noWaterfallsLeavesOnlyTheArrivalLines() throws Exception {
        String out = listenWhileATraceArrives("--no-waterfalls");
        assertThat(out).contains(TRACE).doesNotContain("trace " + TRACE).doesNotContain("SELECT items");
    }
}
