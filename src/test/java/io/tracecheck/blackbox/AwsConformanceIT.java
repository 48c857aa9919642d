package io.tracecheck.blackbox;

import io.tracecheck.FreePorts;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independent parties for the AWS emulation: the AWS CLI against listen (our server, their
 * client), and tracecheck against moto's server (our client, their server). Both on loopback.
 */
class AwsConformanceIT {
    @TempDir
    Path home;

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private Launcher.Run bash(String script, String... env) throws Exception {
        Path file = home.resolve("aws.sh");
        Files.writeString(file, script);
        Launcher launcher = new Launcher(Path.of("/bin/bash"), home).in(home);
        for (int i = 0; i < env.length; i += 2) {
            launcher.env(env[i], env[i + 1]);
        }
        return launcher.run(file.toString());
    }

    @Test
    void theAwsCliTalksToListen() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "skipped: no AWS CLI on PATH (.ci/run installs it)");
        int http = FreePorts.tcp();
        // no --for: the AWS CLI takes a second or more per call on a busy machine; the test stops listen itself
        try (Launcher.Running listen = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home)
                .start("listen", "--http-port", String.valueOf(http), "--grpc-port", "0", "--udp-port", "0")) {
            listen.awaitOut("local backends up");
            theAwsCliTalksTo(http, listen);
            Launcher.Run stopped = listen.stop();
            assertThat(stopped.out()).as(stopped.toString()).containsPattern("received \\d+, malformed \\d+");
        }
    }

    private void theAwsCliTalksTo(int http, Launcher.Running listen) throws Exception {
        long now = Instant.now().getEpochSecond();
        String traceId = "1-" + Long.toHexString(now) + "-a006649127e371903a2de979";
        String segment = "{\"name\":\"web\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"" + traceId + "\",\"start_time\":" + now
                + ".1,\"end_time\":" + now + ".5}";
        Launcher.Run cli = bash("set -e\nE=\"--endpoint-url http://127.0.0.1:" + http + "\"\n"
                        + "aws sts get-caller-identity $E --query Account --output text\n"
                        + "aws xray put-trace-segments $E --trace-segment-documents '" + segment + "' --output json\n"
                        + "aws xray batch-get-traces $E --trace-ids " + traceId + " --query 'Traces[0].Segments[0].Id' --output text\n"
                        + "aws xray get-trace-summaries $E --start-time " + (now - 60) + " --end-time " + (now + 60)
                        + " --filter-expression 'service(\"web\")' --query 'TraceSummaries[0].Id' --output text\n"
                        + "aws xray get-group $E --group-name Default --query Group.GroupName --output text\n"
                        + "AWS_SECRET_ACCESS_KEY=wrongwrongwrongwrongwrongwrongwrongwrong aws sts get-caller-identity $E 2>&1 || true\n"
                        + "aws logs put-log-events $E --log-group-name app --log-stream-name s1 --log-events timestamp=1,message=x 2>&1 || true\n"
                        + "aws logs create-log-group $E --log-group-name app\n"
                        + "aws logs create-log-stream $E --log-group-name app --log-stream-name s1\n"
                        + "aws logs put-log-events $E --log-group-name app --log-stream-name s1 --log-events timestamp=" + now * 1000
                        + ",message=hello-from-cli --output json\n"
                        + "aws logs get-log-events $E --log-group-name app --log-stream-name s1 --query 'events[].message' --output text\n"
                        + "aws logs filter-log-events $E --log-group-name app --filter-pattern hello --query 'events[].message' --output text\n",
                "AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey(),
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_REGION", "us-east-1");
        String both = cli + "\n-- listen:\n" + listen.snapshot();
        assertThat(cli.exitCode()).as(both).isZero();
        assertThat(cli.out()).as(both).contains("123456789012").contains("\"UnprocessedTraceSegments\": []")
                .contains("70de5b6f19ff9a0a").contains(traceId).contains("Default")
                .contains("(SignatureDoesNotMatch) when calling the GetCallerIdentity operation")
                .contains("(ResourceNotFoundException) when calling the PutLogEvents operation: The specified log group does not exist.")
                .contains("nextSequenceToken").containsPattern("hello-from-cli\\s+hello-from-cli");
    }

    @Test
    void tracecheckAgreesWithMotosServer() throws Exception {
        Assumptions.assumeTrue(onPath("moto_server"), "skipped: moto_server is not installed (pip install 'moto[server]'); "
                + ".ci/run requires it in CI");
        int port = FreePorts.tcp();
        Process moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(home.resolve("moto.log").toFile()).start();
        try {
            FreePorts.awaitListening(port);
            Launcher tracecheck = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home)
                    .env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", "AKIAMOTOMOTOMOTO0001")
                    .env("AWS_SECRET_ACCESS_KEY", "motomotomotomotomotomotomotomotomotomoto")
                    .env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port).env("OTEL_SERVICE_NAME", "web");
            Launcher.Run xray = tracecheck.run("xray", "--via", "api", "--verify", "--verify-timeout", "60s", "--group", "Default");
            assertThat(xray.exitCode()).as(xray.toString()).isZero();
            assertThat(xray.out()).as(xray.toString()).contains("identity: account").contains("verify: trace 1-")
                    .contains("does not serve GetGroup (404)");
            Launcher.Run plain = tracecheck.run("xray", "--via", "api");
            assertThat(plain.exitCode()).as(plain.toString()).isZero();
            Launcher.Run logs = tracecheck.run("logs", "--create", "--verify", "--verify-timeout", "60s");
            assertThat(logs.exitCode()).as(logs.toString()).isZero();
            assertThat(logs.out()).as(logs.toString()).contains("created the group and the stream")
                    .contains("event read back with GetLogEvents");
        } finally {
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
