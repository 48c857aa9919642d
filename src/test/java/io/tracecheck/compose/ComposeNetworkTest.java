package io.tracecheck.compose;

import io.tracecheck.TestCli;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A host name that does not resolve from this shell but is a service of the compose project around it
 * (net.compose-host), against one that is no service (net.dns, no compose advice); and fixes of values a
 * compose file defines.
 */
class ComposeNetworkTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    @BeforeAll
    static void serviceNamesDoNotResolveHere() {
        // a resolver with a search domain that answers any name would make these names resolvable
        for (String name : new String[] {"otel-collector", "xray-daemon"}) {
            assumeFalse(resolves(name), name + " resolves on this machine");
        }
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Path compose(String yaml) throws Exception {
        Path file = project.resolve("docker-compose.yml");
        Files.writeString(file, yaml);
        return file;
    }

    /** A shell in a subdirectory of the project, as a developer's usually is. */
    private TestCli shell() throws Exception {
        return TestCli.in(home).env("PWD", Files.createDirectories(project.resolve("backend")).toString());
    }

    private static Map<String, Object> only(TestCli.Result result, String code) {
        assertThat(result.codes()).as(result.toString()).containsExactly(code);
        return result.problems().get(0);
    }

    @Test
    void anOtlpEndpointOnAServiceNameNamesThePublishedPort() throws Exception {
        Path file = compose("""
                services:
                  web:
                    environment:
                      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318
                  otel-collector:
                    image: otel/opentelemetry-collector-contrib
                    ports:
                      - "4318:4318"
                """);
        TestCli.Result result = shell().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318")
                .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
        Map<String, Object> problem = only(result, "net.compose-host");
        assertThat(problem.get("message")).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318 is right for a "
                + "container of " + file + ", where otel-collector is a service, but the name resolves only inside the compose "
                + "network, not from this shell; it publishes port 4318 on 127.0.0.1:4318");
        assertThat(problem.get("fix")).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 tracecheck honeycomb  "
                + "# for this command only: the app's containers keep otel-collector; or, where the web image has tracecheck, "
                + "check from inside the network: docker compose -f " + file + " exec web tracecheck honeycomb");
        assertThat(result.all()).doesNotContain("use the service name");
    }

    @Test
    void aServiceThatPublishesNothingGetsTheEditThatPublishesIt() throws Exception {
        Path file = compose("""
                services:
                  otel-collector:
                    container_name: collector
                """);
        TestCli.Result result = shell().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
                .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
        Map<String, Object> problem = only(result, "net.compose-host");
        assertThat(problem.get("message").toString()).contains("where collector is service otel-collector")
                .endsWith("otel-collector publishes no port for 4318, so nothing outside the network reaches it");
        assertThat(problem.get("fix")).isEqualTo("edit " + file + ": under services.otel-collector.ports add \"127.0.0.1:4318:4318\"; "
                + "then docker compose -f " + file + " up -d otel-collector && OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 "
                + "tracecheck honeycomb  # for this command only: the app's containers keep collector");
    }

    @Test
    void aPortDockerPicksIsAskedOfDockerCompose() throws Exception {
        Path file = compose("""
                services:
                  otel-collector:
                    ports: ["4317", "4318"]
                """);
        TestCli.Result result = shell().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318")
                .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
        assertThat(only(result, "net.compose-host").get("fix").toString()).startsWith("OTEL_EXPORTER_OTLP_ENDPOINT=\"http://$(docker "
                + "compose -f " + file + " port otel-collector 4318)\" tracecheck honeycomb");
    }

    @Test
    void theDaemonAddressOnAServiceNameNamesItsUdpPort() throws Exception {
        compose("""
                services:
                  xray-daemon:
                    image: amazon/aws-xray-daemon
                    ports:
                      - target: 2000
                        published: 2000
                        protocol: udp
                """);
        try (LocalBackends backends = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            TestCli.Result result = shell().env("AWS_REGION", "us-east-1")
                    .env("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId())
                    .env("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey())
                    .env("AWS_ENDPOINT_URL", backends.httpBaseUrl()).env("AWS_XRAY_DAEMON_ADDRESS", "xray-daemon:2000")
                    .run("xray", "-o", "json");
            Map<String, Object> problem = only(result, "net.compose-host");
            assertThat(problem.get("message").toString()).startsWith("AWS_XRAY_DAEMON_ADDRESS=xray-daemon:2000 is right for a container")
                    .endsWith("it publishes port 2000/udp on 127.0.0.1:2000");
            assertThat(problem.get("fix").toString())
                    .startsWith("AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000 tracecheck xray  # for this command only");
            assertThat(result.all()).doesNotContain("to where it runs");
        }
    }

    @Test
    void aHostThatIsNoServiceGetsNoComposeAdvice() throws Exception {
        compose("""
                services:
                  otel-collector:
                    ports: ["4318:4318"]
                """);
        TestCli.Result result = shell().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.invalid:4318")
                .env("OTEL_SERVICE_NAME", "web").run("honeycomb", "-o", "json");
        Map<String, Object> problem = only(result, "net.dns");
        assertThat(problem.get("message")).isEqualTo("cannot resolve the host collector.invalid (http://collector.invalid:4318/v1/traces)");
        assertThat(problem.get("fix")).isEqualTo("getent hosts collector.invalid  # prints nothing when this shell cannot resolve "
                + "it: a typo in the host name, or no DNS from here");
        assertThat(result.all()).doesNotContainIgnoringCase("compose");
    }

    @Test
    void aValueFromTheEnvironmentBlockIsFixedInTheBlock() throws Exception {
        Path file = compose("""
                services:
                  web:
                    environment:
                      AWS_REGION: us-east1
                      AWS_ACCESS_KEY_ID: AKIAZ7Q3XW5EXAMPLE42
                      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLE42
                """);
        TestCli.Result result = shell().env("AWS_REGION", "eu-west-1")
                .run("env", "--compose", file.toString(), "--service", "web", "--only", "aws", "-o", "json");
        assertThat(only(result, "config.malformed").get("fix")).isEqualTo("edit " + file + ": under services.web.environment "
                + "set AWS_REGION: us-east-1 and AWS_DEFAULT_REGION: us-east-1; then docker compose -f " + file + " up -d web");
    }

    @Test
    void aValueFromAnEnvFileIsFixedInThatFileAndAListBlockInListForm() throws Exception {
        Files.writeString(project.resolve("aws.env"), "AWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=us-east-1\n");
        Path file = compose("""
                services:
                  worker:
                    env_file: aws.env
                    environment:
                      - AWS_ACCESS_KEY_ID=AKIAZ7Q3XW5EXAMPLE42
                      - AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLE42
                      - ROLLBAR_ACCESS_TOKEN
                """);
        TestCli.Result conflict = shell().run("env", "--compose", file.toString(), "--service", "worker", "--only", "aws", "-o", "json");
        assertThat(only(conflict, "config.conflict").get("fix")).isEqualTo("edit " + project.resolve("aws.env")
                + ": set AWS_REGION=eu-west-1 and AWS_DEFAULT_REGION=eu-west-1; then docker compose -f " + file + " up -d worker");

        // passed through from the shell: set it there (here, a Gitpod one), then recreate the container
        TestCli.Result token = shell().env("GITPOD_WORKSPACE_ID", "shop-abc").env("ROLLBAR_ACCESS_TOKEN", " 3f9c2b7e1d5a4c8b9e0f6a2d7c1b5e3a")
                .run("env", "--compose", file.toString(), "--service", "worker", "--only", "rollbar", "-o", "json");
        assertThat(only(token, "config.whitespace").get("fix")).isEqualTo("read -rs ROLLBAR_ACCESS_TOKEN && gp env "
                + "ROLLBAR_ACCESS_TOKEN=\"$ROLLBAR_ACCESS_TOKEN\" && eval \"$(gp env -e)\" && docker compose -f " + file
                + " up -d worker  # paste the value without it");
    }

    @Test
    void aReferenceTheShellLeavesUnsetIsReadThenTheContainerRecreated() throws Exception {
        Path file = compose("""
                services:
                  web:
                    environment:
                      OTEL_SERVICE_NAME: ${SERVICE_NAME}
                      HONEYCOMB_API_KEY: hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q
                """);
        TestCli.Result result = shell().run("env", "--compose", file.toString(), "--service", "web", "--only", "honeycomb", "-o", "json");
        assertThat(result.problems()).as(result.toString()).anySatisfy(problem -> {
            assertThat(problem.get("code")).isEqualTo("config.missing");
            assertThat(problem.get("fix")).isEqualTo("read -r SERVICE_NAME && export SERVICE_NAME && docker compose -f " + file
                    + " up -d web");
        });
    }
}
