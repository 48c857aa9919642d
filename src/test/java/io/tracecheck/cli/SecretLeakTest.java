package io.tracecheck.cli;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distinctive values in every secret variable, every command and output mode: none of them may
 * appear in stdout or stderr, whole or as the part a header list or a copy-paste mistake carries.
 */
class SecretLeakTest {
    @TempDir
    Path home;

    private static final String HONEYCOMB = "hcaik_01leakleakleakhoneycombsecretzz9q8w7e6r5t4y3u2i1o0pasdfghjk";
    private static final String HEADER_KEY = "Zq3vLEAKheaderKEY77xyz";
    private static final String AWS_ID = "AKIALEAKLEAKLEAK7777";
    private static final String AWS_SECRET = "LeakLeakAwsSecretAccessKey/+0123456789ab";
    private static final String AWS_TOKEN = "IQoJb3JpZ2luX2VjLEAKSESSIONTOKENaaaaaaaaaaaa";
    private static final String ROLLBAR = "deadbeefLEAKrollbarTOKEN00000000";
    private static final String ROLLBAR_READ = "feedfaceLEAKreadTOKEN11111111111";
    private static final List<String> SECRETS = List.of(HONEYCOMB, HEADER_KEY, AWS_ID, AWS_SECRET, AWS_TOKEN, ROLLBAR,
            ROLLBAR_READ, "LEAK");

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private TestCli cli() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HONEYCOMB_API_KEY", HONEYCOMB + "\n");
        env.put("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl());
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().httpBaseUrl() + "/v1/traces");
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + HEADER_KEY + ",authorization=Bearer%20" + HONEYCOMB);
        env.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-honeycomb-team=" + HEADER_KEY + ",broken");
        env.put("AWS_ACCESS_KEY_ID", AWS_ID);
        env.put("AWS_SECRET_ACCESS_KEY", "\"" + AWS_SECRET + "\"");
        env.put("AWS_SESSION_TOKEN", AWS_TOKEN);
        env.put("AWS_REGION", "us-east1");
        env.put("AWS_ENDPOINT_URL", listen.backends().httpBaseUrl());
        env.put("ROLLBAR_ACCESS_TOKEN", " " + ROLLBAR);
        env.put("ROLLBAR_ENDPOINT", listen.backends().httpBaseUrl() + "/api/1/item/");
        env.put("ROLLBAR_READ_TOKEN", ROLLBAR_READ);
        return TestCli.in(home).env(env);
    }

    @Test
    void noSecretInAnyOutput() throws Exception {
        Path envFile = home.resolve("secrets.env");
        Files.writeString(envFile, "HONEYCOMB_DATASET=x\nROLLBAR_ACCESS_TOKEN=" + ROLLBAR + "\n");
        List<String[]> invocations = new ArrayList<>();
        for (String command : List.of("env", "doctor", "honeycomb", "rollbar", "xray", "logs", "traces")) {
            invocations.add(new String[] {command});
            invocations.add(new String[] {command, "-o", "json"});
            invocations.add(new String[] {command, "--verbose"});
            invocations.add(new String[] {command, "-v", "-o", "json", "--strict"});
            invocations.add(new String[] {command, "-q"});
            invocations.add(new String[] {command, "--no-color", "--env-file", envFile.toString()});
            invocations.add(new String[] {command, "--bogus=" + ROLLBAR});
        }
        invocations.add(new String[] {"explain", "config.whitespace"});
        invocations.add(new String[] {"explain", "--list", "-o", "json"});
        invocations.add(new String[] {"explain", HONEYCOMB});
        invocations.add(new String[] {"--help"});
        for (String[] args : invocations) {
            assertNoSecret(cli().run(args));
        }
    }

    /** The outputs that are not stdout/stderr of a pipe: a terminal's live progress lines and a JUnit file. */
    @Test
    void noSecretOnATerminalOrInAJunitFile() throws Exception {
        Path junit = home.resolve("report.xml");
        TestCli.Result onTty = cli().runOnTty("doctor", "--verify", "--junit", junit.toString());
        assertThat(onTty.out()).as("terminal output carries colour and progress").contains("\u001b[");
        assertNoSecret(onTty);
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite");
        for (String secret : SECRETS) {
            assertThat(xml).as("secret %s leaked in the JUnit file", secret).doesNotContain(secret);
        }
        assertNoSecret(cli().runOnTty("env", "-v"));
    }

    private static void assertNoSecret(TestCli.Result result) {
        for (String secret : SECRETS) {
            assertThat(result.all()).as("secret %s leaked in %s", secret, result).doesNotContain(secret);
        }
    }

    /** The live check with keys the server rejects, over every output path, verbose included. */
    @Test
    void noSecretWhenTheLiveCheckRuns() {
        for (String[] args : List.of(new String[] {"honeycomb", "-v"}, new String[] {"honeycomb", "-v", "-o", "json", "--verify"},
                new String[] {"doctor", "-v", "--verify"}, new String[] {"rollbar", "-v", "--verify"})) {
            TestCli.Result result = TestCli.in(home).env("HONEYCOMB_API_KEY", HONEYCOMB)
                    .env("ROLLBAR_ACCESS_TOKEN", ROLLBAR).env("ROLLBAR_READ_TOKEN", ROLLBAR_READ)
                    .env("ROLLBAR_ENDPOINT", listen.backends().httpBaseUrl() + "/api/1/item/")
                    .env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl())
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().httpBaseUrl())
                    .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + HONEYCOMB)
                    .env("OTEL_SERVICE_NAME", "web").run(args);
            assertThat(result.all()).as(result.toString()).containsAnyOf("honeycomb.key-rejected", "rollbar.token-rejected");
            assertNoSecret(result);
        }
    }

    @Test
    void maskedFormsStillIdentifyTheValue() {
        TestCli.Result result = cli().run("env");
        assertThat(result.out()).as(result.toString())
                .contains("AKIA…(20 chars)")
                .contains("OTEL_EXPORTER_OTLP_HEADERS (Zq3v…(22 chars))");
    }
}
