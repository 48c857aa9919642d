package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The launcher run from a shell inside a docker-compose project and a Gitpod workspace, as the user
 * ran it: compose service names that resolve only inside the compose network, a public host that does not
 * resolve (no compose advice), a value a compose file's environment: block sets, and gp env variables this
 * shell lacks.
 */
class WorkspaceDiagnosesIT {
    private static final String INGEST_KEY = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";
    private static final String COMPOSE = """
            services:
              web:
                build: .
                environment:
                  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318
                  OTEL_SERVICE_NAME: shop-web
                  AWS_XRAY_DAEMON_ADDRESS: xray-daemon:2000
                  AWS_REGION: eu-west1
              otel-collector:
                image: otel/opentelemetry-collector-contrib
                ports:
                  - "4318:4318"
              xray-daemon:
                image: amazon/aws-xray-daemon
                ports:
                  - "2000:2000/udp"
            """;

    @TempDir
    Path home;

    @TempDir
    Path project;

    private Path compose;
    private Path backend;

    @BeforeAll
    static void serviceNamesDoNotResolveHere() {
        for (String name : new String[] {"otel-collector", "xray-daemon"}) {
            assumeFalse(resolves(name), name + " resolves on this machine (a search domain answering any name?)");
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

    @BeforeEach
    void project() throws Exception {
        compose = project.resolve("docker-compose.yml");
        Files.writeString(compose, COMPOSE);
        backend = Files.createDirectories(project.resolve("backend"));
    }

    /** The launcher started from the project's backend directory, as a developer's shell is. */
    private Launcher shell() {
        return new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).in(backend);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> problems(Launcher.Run run) throws Exception {
        List<Map<String, Object>> checks = (List<Map<String, Object>>) JSON.std.mapFrom(run.out()).get("checks");
        return checks.stream().flatMap(c -> ((List<Map<String, Object>>) c.get("problems")).stream()).toList();
    }

    private static Map<String, Object> onlyProblem(Launcher.Run run) throws Exception {
        List<Map<String, Object>> problems = problems(run);
        assertThat(problems).as(run.toString()).hasSize(1);
        return problems.get(0);
    }

    @Test
    void anOtlpEndpointOnACollectorServiceNameNamesThePublishedPort() throws Exception {
        Launcher.Run run = shell().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318")
                .env("OTEL_SERVICE_NAME", "shop-web").run("honeycomb", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Map<String, Object> problem = onlyProblem(run);
        assertThat(problem.get("code")).isEqualTo("net.compose-host");
        assertThat(problem.get("message")).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318 is right for a "
                + "container of " + compose + ", where otel-collector is a service, but the name resolves only inside the "
                + "compose network, not from this shell; it publishes port 4318 on 127.0.0.1:4318");
        assertThat(problem.get("fix")).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 tracecheck honeycomb  "
                + "# for this command only: the app's containers keep otel-collector; or, where the web image has tracecheck, "
                + "check from inside the network: docker compose -f " + compose + " exec web tracecheck honeycomb");
        List<Map<String, Object>> checks = (List<Map<String, Object>>) JSON.std.mapFrom(run.out()).get("checks");
        assertThat(checks.get(0).get("summary")).as("the headline names the compose network, not DNS")
                .isEqualTo("send: otel-collector resolves only inside the compose network of " + compose);
    }

    @Test
    void theDaemonAddressOnADaemonServiceNameNamesItsUdpPort() throws Exception {
        try (LocalBackends aws = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            Launcher.Run run = shell().env("AWS_REGION", "eu-west-1").env("AWS_DEFAULT_REGION", "eu-west-1")
                    .env("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId())
                    .env("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey())
                    .env("AWS_ENDPOINT_URL", aws.httpBaseUrl()).env("AWS_XRAY_DAEMON_ADDRESS", "xray-daemon:2000")
                    .env("OTEL_SERVICE_NAME", "shop-web").run("xray", "-o", "json");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            Map<String, Object> problem = onlyProblem(run);
            assertThat(problem.get("code")).isEqualTo("net.compose-host");
            assertThat(problem.get("message")).isEqualTo("AWS_XRAY_DAEMON_ADDRESS=xray-daemon:2000 is right for a container of "
                    + compose + ", where xray-daemon is a service, but the name resolves only inside the compose network, not "
                    + "from this shell; it publishes port 2000/udp on 127.0.0.1:2000");
            assertThat(problem.get("fix")).isEqualTo("AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000 tracecheck xray  # for this command "
                    + "only: the app's containers keep xray-daemon; or, where the web image has tracecheck, check from inside "
                    + "the network: docker compose -f " + compose + " exec web tracecheck xray");
        }
    }

    @Test
    void aPublicHostThatDoesNotResolveGetsNoComposeAdvice() throws Exception {
        Launcher.Run run = shell().env("HONEYCOMB_API_KEY", INGEST_KEY).env("OTEL_SERVICE_NAME", "shop-web")
                .env("HONEYCOMB_API_ENDPOINT", "https://api.honeycomb.invalid")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.invalid")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + INGEST_KEY).run("honeycomb", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Map<String, Object> problem = onlyProblem(run);
        assertThat(problem.get("code")).isEqualTo("net.dns");
        assertThat(problem.get("message")).isEqualTo("cannot resolve the host api.honeycomb.invalid "
                + "(https://api.honeycomb.invalid/1/auth)");
        assertThat(problem.get("fix")).isEqualTo("getent hosts api.honeycomb.invalid  # prints nothing when this shell cannot "
                + "resolve it: a typo in the host name, or no DNS from here");
        assertThat(run.out() + run.err()).doesNotContainIgnoringCase("compose").doesNotContain(INGEST_KEY);
    }

    @Test
    void aValueFromTheComposeEnvironmentBlockIsFixedInTheBlock() throws Exception {
        Launcher.Run run = shell().run("env", "--compose", compose.toString(), "--service", "web", "--only", "aws", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<Map<String, Object>> problems = problems(run);
        assertThat(problems).as(run.toString()).extracting(p -> p.get("code"))
                .containsExactly("config.malformed", "aws.credentials-missing");
        Map<String, Object> problem = problems.get(0);
        assertThat(problem.get("message")).isEqualTo("AWS_REGION is 'eu-west1', not a region code; did you mean eu-west-1?");
        assertThat(problem.get("fix")).isEqualTo("edit " + compose + ": under services.web.environment set AWS_REGION: eu-west-1 "
                + "and AWS_DEFAULT_REGION: eu-west-1; then docker compose -f " + compose + " up -d web");
        // the container gets no credentials: the file refers to the shell's, which are read without echo
        assertThat(problems.get(1).get("fix")).isEqualTo("edit " + compose + ": under services.web.environment set "
                + "AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID} and AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}; then read -rs "
                + "AWS_ACCESS_KEY_ID && read -rs AWS_SECRET_ACCESS_KEY && export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY && "
                + "docker compose -f " + compose + " up -d web");
    }

    @Test
    void variablesPersistedWithGpEnvButMissingHereAreNamed() throws Exception {
        Path bin = Files.createDirectories(home.resolve("gitpod-bin"));
        Path gp = bin.resolve("gp");
        Files.writeString(gp, "#!/bin/sh\n[ \"$1\" = env ] || exit 2\nprintf 'HONEYCOMB_API_KEY=" + INGEST_KEY
                + "\\nOTEL_SERVICE_NAME=shop-web\\n'\n");
        Files.setPosixFilePermissions(gp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Launcher.Run run = shell().env("GITPOD_WORKSPACE_ID", "shop-abc123").env("PATH", bin + ":" + System.getenv("PATH"))
                .env("OTEL_SERVICE_NAME", "shop-web").run("env", "-o", "json");
        Map<String, Object> problem = onlyProblem(run);
        assertThat(problem.get("code")).isEqualTo("config.not-loaded");
        assertThat(problem.get("message")).isEqualTo("HONEYCOMB_API_KEY (hcai…(64 chars)) is persisted with gp env but not set in "
                + "this shell: gp env reaches only workspaces started after it, so an app started from this shell does not get them");
        assertThat(problem.get("fix")).isEqualTo("eval \"$(gp env -e)\"  # loads the persisted variables into this shell; "
                + "restart the app from it");
        assertThat(run.out() + run.err()).doesNotContain(INGEST_KEY);
    }
}
