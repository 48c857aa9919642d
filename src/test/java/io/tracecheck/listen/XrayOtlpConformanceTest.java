package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.otlp.ProbeTrace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * listen's OTLP-to-X-Ray endpoint against independent AWS clients on this machine: botocore's SigV4
 * (the signer boto3 and the AWS CLI use) signs the OTLP post, and the AWS CLI reads aws/spans back.
 * Skipped only when python3 with botocore, or the AWS CLI, is absent.
 */
class XrayOtlpConformanceTest {
    /** Signs the body in argv[2] for xray with botocore's SigV4 and posts it to argv[1]; prints the status and error code. */
    private static final String POST = String.join("\n",
            "import sys, urllib.request, urllib.error",
            "from botocore.auth import SigV4Auth",
            "from botocore.awsrequest import AWSRequest",
            "from botocore.credentials import Credentials",
            "url, body_file, key, secret = sys.argv[1:5]",
            "body = open(body_file, 'rb').read()",
            "request = AWSRequest(method='POST', url=url, data=body, headers={'Content-Type': 'application/x-protobuf'})",
            "SigV4Auth(Credentials(key, secret), 'xray', 'us-east-1').add_auth(request)",
            "prepared = urllib.request.Request(url, data=body, method='POST', headers=dict(request.headers.items()))",
            "try:",
            "    with urllib.request.urlopen(prepared, timeout=30) as answer:",
            "        print(answer.status, answer.headers.get('Content-Type'))",
            "except urllib.error.HTTPError as refused:",
            "    print(refused.code, refused.headers.get('x-amzn-ErrorType'), refused.read().decode())",
            "");

    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static boolean botocore() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import botocore.auth").redirectErrorStream(true).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (Exception absent) {
            return false;
        }
    }

    private String post(ProbeTrace probe, String secret) throws Exception {
        Path script = home.resolve("post.py");
        Files.writeString(script, POST);
        Path body = home.resolve("body.bin");
        Files.write(body, probe.protobuf());
        return run(List.of("python3", script.toString(), listen.backends().httpBaseUrl() + "/v1/traces", body.toString(),
                AcceptedCredentials.LOCAL.accessKeyId(), secret));
    }

    @Test
    void botocoresSignatureIsAcceptedAndAWrongOneRefusedAsAwsRefusesIt() throws Exception {
        Assumptions.assumeTrue(botocore(), "skipped: no python3 with botocore");
        ProbeTrace probe = ProbeTrace.create("conformance", "conformance-run");
        assertThat(post(probe, AcceptedCredentials.LOCAL.secretAccessKey())).startsWith("200 application/x-protobuf");
        assertThat(listen.backends().store().find(StoredLogEvent.class, e -> e.group().equals("aws/spans")
                && e.message().contains(probe.traceId()))).hasSize(2);

        ProbeTrace refused = ProbeTrace.create("conformance", "conformance-run");
        assertThat(post(refused, "wrongwrongwrongwrongwrongwrongwrongwrong"))
                .startsWith("403 InvalidSignatureException").contains("The request signature we calculated does not match");
        assertThat(listen.backends().store().find(StoredLogEvent.class, e -> e.message().contains(refused.traceId()))).isEmpty();
    }

    @Test
    void theAwsCliFindsTheProbeInAwsSpans() throws Exception {
        Assumptions.assumeTrue(botocore(), "skipped: no python3 with botocore");
        Assumptions.assumeTrue(onPath("aws"), "skipped: no AWS CLI on PATH");
        ProbeTrace probe = ProbeTrace.create("conformance", "conformance-run");
        assertThat(post(probe, AcceptedCredentials.LOCAL.secretAccessKey())).startsWith("200");
        String found = run(List.of("aws", "logs", "filter-log-events", "--log-group-name", "aws/spans",
                "--filter-pattern", "\"" + probe.traceId() + "\"", "--endpoint-url", listen.backends().httpBaseUrl(),
                "--query", "events[].message", "--output", "json"));
        assertThat(found).contains("\\\"traceId\\\":\\\"" + probe.traceId() + "\\\"")
                .contains("tracecheck probe child");
    }
}
