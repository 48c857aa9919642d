package io.tracecheck.blackbox;

import io.tracecheck.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/tracecheck listen as a user runs it: curl posts hand-written OTLP/JSON, bash sends X-Ray
 * datagrams to /dev/udp, and an app configured only by the --print-env lines exports to it.
 */
class ListenIT {
    @TempDir
    Path home;

    private final int http = FreePorts.tcp();
    private final int grpc = FreePorts.tcp();
    private final int udp = FreePorts.udp();

    /**
     * listen with no time limit, ready once its banner is out (every port is bound by then, UDP too).
     * The test stops it with SIGTERM when done; closing the handle kills it if an assertion failed first.
     */
    private Launcher.Running listen() throws Exception {
        Launcher.Running listen = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).start("listen",
                "--http-port", String.valueOf(http), "--grpc-port", String.valueOf(grpc), "--udp-port", String.valueOf(udp));
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
        assertThat(run.out()).as(run.toString()).containsPattern("received \\d+, malformed \\d+, evicted \\d+, kept \\d+\\s*$");
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
                    .containsPattern("otlp-http\\s+malformed\\s+400 /v1/traces")
                    .containsPattern("xray-udp\\s+flask-backend\\s+flask-backend\\s+1-581cf771-a006649127e371903a2de979")
                    .containsPattern("xray-udp\\s+malformed\\s+no header line")
                    .contains("received 3, malformed 2");
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
                    .containsPattern("rollbar\\s+malformed\\s+422 /api/1/item/");
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
}
