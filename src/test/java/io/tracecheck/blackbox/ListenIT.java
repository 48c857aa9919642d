package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FreePorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/tracecheck listen as a user runs it: curl posts hand-written OTLP/JSON, bash sends X-Ray
 * datagrams to /dev/udp, apps configured only by the --print-env lines (the OpenTelemetry SDK, the
 * AWS X-Ray SDK for Python) send to it, and -o json is read by a script.
 */
class ListenIT {
    @TempDir
    Path home;

    private final int http = FreePorts.tcp();
    private final int grpc = FreePorts.tcp();
    private final int udp = io.tracecheck.listen.DaemonPorts.free();

    /**
     * listen with no time limit, ready once its banner is out (every port is bound by then, UDP too).
     * The test stops it with SIGTERM when done; closing the handle kills it if an assertion failed first.
     */
    private Launcher.Running listen(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("listen", "--http-port", String.valueOf(http), "--grpc-port",
                String.valueOf(grpc), "--udp-port", String.valueOf(udp)));
        args.addAll(List.of(more));
        Launcher.Running listen = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).start(args.toArray(String[]::new));
        try {
            return listen.awaitOut("Point an app here:");
        } catch (Throwable e) {
            listen.close();
            throw e;
        }
    }

    /** Stops listen as Ctrl-C or kill does: its shutdown hook prints the summary before the JVM exits. */
    private static Launcher.Run stop(Launcher.Running listen) throws Exception {
        Launcher.Run run = listen.stop();
        assertThat(run.exitCode()).as(run.toString()).isIn(0, 128 + 15);
        assertThat(run.out()).as(run.toString())
                .containsPattern("(?m)^received \\d+, malformed \\d+, refused \\d+, evicted \\d+, kept \\d+$");
        return run;
    }

    private Launcher.Run bash(String script) throws Exception {
        Path file = home.resolve("script.sh");
        Files.writeString(file, script);
        return new Launcher(Path.of("/bin/bash"), home).env("PROJECT", Launcher.PROJECT.toString())
                .env("CP", System.getProperty("java.class.path")).in(home).run(file.toString());
    }

    @Test
    void showsWhatCurlAndBashSend() throws Exception {
        try (Launcher.Running listen = listen()) {
            Files.writeString(home.resolve("trace.json"), io.tracecheck.listen.OtlpSamples.JSON_TRACE);
            Files.writeString(home.resolve("segment.txt"), "{\"format\": \"json\", \"version\": 1}\n"
                    + "{\"name\":\"flask-backend\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\","
                    + "\"start_time\":1478293361.271,\"end_time\":1478293361.449}");
            Launcher.Run senders = bash("set -e\n"
                    + "curl -sS -o /dev/null -w '%{http_code}\\n' -X POST -H 'Content-Type: application/json' --data @trace.json "
                    + "http://127.0.0.1:" + http + "/v1/traces\n"
                    + "curl -sS -o /dev/null -w '%{http_code}\\n' -X POST -H 'Content-Type: application/x-protobuf' --data 'junk' "
                    + "http://127.0.0.1:" + http + "/v1/traces\n"
                    + "cat segment.txt > /dev/udp/127.0.0.1/" + udp + "\n"
                    + "printf 'not a segment' > /dev/udp/127.0.0.1/" + udp + "\n");
            assertThat(senders.out()).as(senders.toString()).isEqualTo("200\n400\n");
            // datagrams have no answer: wait until the live view shows both, then stop
            listen.awaitOut("xray-udp\\s+flask-backend").awaitOut("xray-udp\\s+malformed");
            Launcher.Run run = stop(listen);
            assertThat(run.out()).as(run.toString())
                    .containsPattern("otlp-http\\s+flask-backend\\s+GET /users\\s+5b8efff798038103d269b633813fc60c")
                    .containsPattern("otlp-http\\s+malformed\\s+400 POST /v1/traces: the body is not a valid protobuf")
                    .containsPattern("xray-udp\\s+flask-backend\\s+flask-backend\\s+1-581cf771-a006649127e371903a2de979")
                    .containsPattern("xray-udp\\s+malformed\\s+no header line")
                    .contains("received 3, malformed 2, refused 0");
        }
    }

    @Test
    void rollbarsItemApiAnswersCurlLikeRollbar() throws Exception {
        try (Launcher.Running listen = listen()) {
            String token = io.tracecheck.listen.rollbar.AcceptedToken.LOCAL_SERVER.token();
            Launcher.Run curl = bash("set -e\n"
                    + "curl -sS -w ' %{http_code}\\n' -X POST -H 'X-Rollbar-Access-Token: " + token + "' "
                    + "--data '{\"data\":{\"body\":{\"message\":{\"body\":\"hi\"}}}}' http://127.0.0.1:" + http + "/api/1/item/\n"
                    + "curl -sS -w ' %{http_code}\\n' -X POST -H 'X-Rollbar-Access-Token: nope' "
                    + "--data '{\"data\":{}}' http://127.0.0.1:" + http + "/api/1/item/\n"
                    + "curl -sS -w ' %{http_code}\\n' -X POST --data '{\"access_token\":\"" + token + "\",\"data\":"
                    + "{\"environment\":\"dev\",\"body\":{\"message\":{\"body\":\"from curl\"}}}}' "
                    + "http://127.0.0.1:" + http + "/api/1/item/\n");
            assertThat(curl.out()).as(curl.toString())
                    .contains("{\"err\":1,\"message\":\"Invalid format. data.environment is required\"} 422")
                    .contains("{\"err\":1,\"message\":\"invalid access token\"} 401")
                    .containsPattern("\\{\"err\":0,\"result\":\\{\"id\":null,\"uuid\":\"[0-9a-f-]{36}\"}} 200");
            Launcher.Run run = stop(listen);
            assertThat(run.out()).as(run.toString()).containsPattern("rollbar\\s+dev\\s+from curl")
                    .containsPattern("rollbar\\s+malformed\\s+422 POST /api/1/item/: Invalid format")
                    .containsPattern("rollbar\\s+unauthorized\\s+401 POST /api/1/item/: invalid access token");
        }
    }

    @Test
    void printEnvLinesPointAnOpenTelemetryAppAtIt() throws Exception {
        try (Launcher.Running listen = listen()) {
            Launcher.Run app = bash("set -e\n"
                    + "eval \"$(\"$PROJECT/scripts/tracecheck\" listen --print-env --http-port " + http + " --grpc-port " + grpc
                    + " --udp-port " + udp + ")\"\n"
                    + "export OTEL_SERVICE_NAME=checkout-app OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none\n"
                    // patience for a busy machine, not configuration: the SDK's default export timeout is 10 s
                    + "export OTEL_EXPORTER_OTLP_TIMEOUT=60000\n"
                    + "exec java -cp \"$CP\" io.tracecheck.blackbox.OtelDemoApp checkout-request\n");
            assertThat(app.exitCode()).as(app.toString()).isZero();
            String traceId = app.out().strip().replace("exported ", "");
            Launcher.Run run = stop(listen);
            assertThat(run.out()).as(run.toString())
                    .containsPattern("otlp-http\\s+checkout-app\\s+checkout-request\\s+" + traceId + "\\s+1 span");
        }
    }

    /** What listen -o json prints is for a script: stdout is only JSON lines, one per arrival. */
    @Test
    void jsonOutputIsOneObjectPerArrivalForAScript() throws Exception {
        try (Launcher.Running listen = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).start("listen",
                "-o", "json", "--http-port", String.valueOf(http), "--grpc-port", String.valueOf(grpc), "--udp-port",
                String.valueOf(udp))) {
            FreePorts.awaitListening(http); // the banner is on stderr; every port is bound once HTTP is
            Files.writeString(home.resolve("trace.json"), io.tracecheck.listen.OtlpSamples.JSON_TRACE);
            Launcher.Run senders = bash("set -e\n"
                    + "curl -sS -o /dev/null -w '%{http_code}\\n' -H 'Content-Type: application/json' --data @trace.json "
                    + "http://127.0.0.1:" + http + "/v1/traces\n"
                    + "curl -sS -o /dev/null -w '%{http_code}\\n' -H 'Content-Type: application/json' --data @trace.json "
                    + "http://127.0.0.1:" + http + "/v1/traces/v1/traces\n");
            assertThat(senders.out()).as(senders.toString()).isEqualTo("200\n404\n");
            listen.awaitOut("\"not-found\"");
            Launcher.Run run = listen.stop();
            assertThat(run.exitCode()).as(run.toString()).isIn(0, 128 + 15);
            List<String> lines = run.out().lines().toList();
            assertThat(lines).as(run.toString()).hasSize(2);
            Map<String, Object> spans = JSON.std.mapFrom(lines.get(0));
            assertThat(spans).containsEntry("kind", "spans").containsEntry("source", "otlp-http")
                    .containsEntry("trace_id", "5b8efff798038103d269b633813fc60c");
            Map<String, Object> refused = JSON.std.mapFrom(lines.get(1));
            assertThat(refused).containsEntry("kind", "not-found").containsEntry("status", 404)
                    .containsEntry("path", "/v1/traces/v1/traces");
            assertThat((String) refused.get("cause")).contains("OTEL_EXPORTER_OTLP_ENDPOINT is the base URL");
            assertThat((String) refused.get("user_agent")).startsWith("curl/");
            assertThat(run.err()).contains("local backends up").contains("received 2, malformed 0, refused 1")
                    .contains("stdout (-o json): 2 lines written, 0 dropped");
        }
    }

    /**
     * An app instrumented with the AWS X-Ray SDK for Python, configured only by the --print-env lines:
     * its segments arrive over UDP, and its sampler polls the rules and targets over TCP from the
     * daemon's port, unsigned, with nothing in its log but what a healthy app logs.
     */
    @Test
    void theXraySdkForPythonRunsCleanAgainstListen() throws Exception {
        Launcher.Run probe = bash("python3 -c 'import aws_xray_sdk' && echo yes || echo no\n");
        Assumptions.assumeTrue(probe.out().strip().equals("yes"), "skipped: python3 with aws_xray_sdk is not installed "
                + "(pip install aws-xray-sdk)");
        Path recording = home.resolve("arrivals.jsonl");
        Files.writeString(home.resolve("app.py"), XRAY_APP);
        try (Launcher.Running listen = listen("--jsonl", recording.toString())) {
            Launcher.Run app = bash("set -e\n"
                    + "eval \"$(\"$PROJECT/scripts/tracecheck\" listen --print-env --http-port " + http + " --grpc-port " + grpc
                    + " --udp-port " + udp + ")\"\n"
                    + "python3 app.py > app.out 2> app.err &\n"
                    + "app=$!\n"
                    // the sampler reports targets about 10 s after it first matched a rule it fetched
                    + "for i in $(seq 900); do grep -q GetSamplingTargets " + recording + " && break; sleep 0.2; done\n"
                    + "touch stop\n"
                    + "wait $app\n"
                    + "cat app.out\n"
                    + "echo '-- app log:'\n"
                    + "cat app.err\n");
            assertThat(app.exitCode()).as(app.toString()).isZero();
            String log = app.out().substring(app.out().indexOf("-- app log:"));
            assertThat(log).as(app.toString()).doesNotContain("ERROR").doesNotContain("WARNING")
                    .doesNotContain("Traceback").doesNotContain("Exception");
            String traceId = app.out().lines().filter(l -> l.startsWith("sampled ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no sampled segment:\n" + app)).substring("sampled ".length());
            Launcher.Run run = stop(listen);
            assertThat(run.out()).as(run.toString())
                    .containsPattern("xray-udp\\s+checkout-request\\s+checkout-request\\s+" + traceId + "\\s+1 segment")
                    .containsPattern("xray-tcp\\s+request\\s+200 POST /GetSamplingRules")
                    .containsPattern("xray-tcp\\s+request\\s+200 POST /SamplingTargets GetSamplingTargets")
                    .doesNotContain("unauthorized").doesNotContain("not-found");
        }
    }

    /** The app: one request handled every 200 ms until the test creates ./stop, the first sampled trace id printed. */
    private static final String XRAY_APP = """
            import logging, os, sys, time

            # what the SDK logs is what the test reads: a sampler that cannot poll logs errors with tracebacks
            logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

            from aws_xray_sdk.core import xray_recorder

            xray_recorder.configure(service="checkout-app", daemon_address=os.environ["AWS_XRAY_DAEMON_ADDRESS"],
                                    context_missing="LOG_ERROR")

            # the first requests start the sampler's pollers; later ones match the rules they fetched,
            # which makes the target poller report to the daemon
            deadline = time.time() + 180
            first = None
            while time.time() < deadline and not os.path.exists("stop"):
                segment = xray_recorder.begin_segment("checkout-request")
                if segment.sampled and first is None:
                    first = segment.trace_id
                    print("sampled " + first, flush=True)
                xray_recorder.end_segment()
                time.sleep(0.2)
            """;
}
