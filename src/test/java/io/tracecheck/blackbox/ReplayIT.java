package io.tracecheck.blackbox;

import io.tracecheck.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/tracecheck listen --replay as a user runs it: record with curl sending, gzip the file
 * with gzip(1), replay it in a new listen and read the trace back with curl; a FIFO is refused.
 */
class ReplayIT {
    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";

    @TempDir
    Path home;

    private Launcher.Run bash(String script) throws Exception {
        Path file = home.resolve("script.sh");
        Files.writeString(file, script);
        return new Launcher(Path.of("/bin/bash"), home).env("PROJECT", Launcher.PROJECT.toString()).in(home)
                .run(file.toString());
    }

    @Test
    void aRecordingGzippedByHandIsServedAgainByANewListen() throws Exception {
        Files.writeString(home.resolve("trace.json"), io.tracecheck.listen.OtlpSamples.JSON_TRACE);
        int first = FreePorts.tcp();
        Launcher launcher = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).in(home);
        try (Launcher.Running recording = launcher.start("listen", "--jsonl", "rec.jsonl", "--http-port", String.valueOf(first),
                "--grpc-port", "0", "--udp-port", "0")) {
            recording.awaitOut("Point an app here:");
            Launcher.Run curl = bash("set -e\ncurl -sS -o /dev/null -w '%{http_code}\\n' -H 'Content-Type: application/json' "
                    + "--data @trace.json http://127.0.0.1:" + first + "/v1/traces\n");
            assertThat(curl.out()).as(curl.toString()).isEqualTo("200\n");
            recording.awaitOut("flask-backend");
            Launcher.Run run = recording.stop();
            assertThat(run.exitCode()).as(run.toString()).isIn(0, 128 + 15);
        }
        assertThat(bash("set -e\ngzip rec.jsonl\nls\n").out()).contains("rec.jsonl.gz");

        int second = FreePorts.tcp();
        try (Launcher.Running replaying = launcher.start("listen", "--replay", "rec.jsonl.gz", "--http-port", String.valueOf(second),
                "--grpc-port", "0", "--udp-port", "0")) {
            replaying.awaitOut("replayed ");
            Launcher.Run curl = bash("set -e\ncurl -sS -H 'Accept: application/json' "
                    + "'http://127.0.0.1:" + second + "/tracecheck/traces/" + TRACE_ID + "?format=json'\n");
            assertThat(curl.out()).as(curl.toString()).contains("GET /users").contains("SELECT users");
            Launcher.Run run = replaying.stop();
            assertThat(run.out()).as(run.toString()).contains("replayed 1 trace (2 spans) from rec.jsonl.gz (listen --jsonl)")
                    .contains("received 0, malformed 0, refused 0, evicted 0, kept 2");
        }
    }

    @Test
    void aFifoIsRefusedAtOnceWithExitTwo() throws Exception {
        Launcher.Run run = bash("mkfifo pipe || exit 99\n"
                + "timeout 120 \"$PROJECT/scripts/tracecheck\" listen --replay pipe --http-port 0 --grpc-port 0 --udp-port 0\n"
                + "echo \"exit $?\"\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(run.exitCode() != 99, "mkfifo");
        assertThat(run.out()).as(run.toString()).isEqualTo("exit 2\n");
        assertThat(run.err()).as(run.toString()).contains("--replay pipe: is not a regular file");
    }
}
