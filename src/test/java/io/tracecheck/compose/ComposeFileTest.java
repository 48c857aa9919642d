package io.tracecheck.compose;

import io.tracecheck.core.ComposeProject;
import io.tracecheck.core.ComposeProject.Definition;
import io.tracecheck.core.ComposeProject.Port;
import io.tracecheck.core.ComposeProject.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** What tracecheck reads of a compose file's network: service names, published ports, how variables are defined. */
class ComposeFileTest {
    @TempDir
    Path dir;

    private static Port port(String shortSyntax) {
        return ComposeFile.shortPort(shortSyntax).orElseThrow(() -> new AssertionError("not parsed: " + shortSyntax));
    }

    @Test
    void shortPortSyntaxNamesTheHostPortOfEachContainerPort() {
        assertThat(port("4318:4318").hostPort(4318)).isEqualTo(OptionalInt.of(4318));
        assertThat(port("4318:4318").reachableHost()).isEqualTo("127.0.0.1");
        assertThat(port("14318:4318").hostPort(4318)).isEqualTo(OptionalInt.of(14318));
        assertThat(port("127.0.0.1:4318:4318")).isEqualTo(new Port("127.0.0.1", 4318, 4318, 4318, 4318, "tcp"));
        assertThat(port("[::1]:4318:4318").reachableHost()).isEqualTo("[::1]");
        assertThat(port("2000:2000/udp").protocol()).isEqualTo("udp");
        // a container port alone, or an IP with no host port: docker picks the host port when the container starts
        assertThat(port("4318").hostPort(4318)).isEmpty();
        assertThat(port("127.0.0.1::4318").hostPort(4318)).isEmpty();
        // ranges map one to one
        Port range = port("4000-4005:5000-5005");
        assertThat(range.hostPort(5003)).isEqualTo(OptionalInt.of(4003));
        assertThat(ComposeFile.shortPort("not a port")).isEmpty();
    }

    @Test
    void longSyntaxAndInterpolatedPorts() throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, """
                services:
                  collector:
                    ports:
                      - target: 4317
                        published: "14317"
                        host_ip: 127.0.0.1
                      - target: 4318
                        published: 8000-8001
                      - target: 2000
                        protocol: udp
                      - "${OTLP_PORT:-9999}:55681"
                """);
        Service collector = ComposeFile.read(file, Optional.empty(), Map.of("OTLP_PORT", "12345")).service("collector").orElseThrow();
        assertThat(collector.publishing(4317, "tcp").orElseThrow().hostPort(4317)).isEqualTo(OptionalInt.of(14317));
        assertThat(collector.publishing(4318, "tcp").orElseThrow().hostPort(4318)).isEmpty(); // a host range for one port
        assertThat(collector.publishing(2000, "udp").orElseThrow().hostPort(2000)).isEmpty();
        assertThat(collector.publishing(2000, "tcp")).isEmpty();
        assertThat(collector.publishing(55681, "tcp").orElseThrow().hostPort(55681)).isEqualTo(OptionalInt.of(12345));
    }

    @Test
    void aServiceAnswersToItsContainerNameHostnameAliasesAndDefaultName() throws Exception {
        Path project = Files.createDirectories(dir.resolve("My Shop"));
        Path file = project.resolve("docker-compose.yml");
        Files.writeString(file, """
                services:
                  otel-collector:
                    container_name: collector
                    hostname: otel
                    networks:
                      backend:
                        aliases: [telemetry]
                  web:
                    image: web
                """);
        ComposeProject read = ComposeFile.read(file, Optional.empty(), Map.of());
        for (String name : new String[] {"otel-collector", "OTEL-COLLECTOR", "collector", "otel", "telemetry", "myshop-otel-collector-1"}) {
            assertThat(read.service(name)).as(name).map(Service::name).contains("otel-collector");
        }
        assertThat(read.service("api.honeycomb.io")).isEmpty();
    }

    @Test
    void theFileDockerComposeWouldUseIsFoundHereOrAbove() throws Exception {
        Path nested = Files.createDirectories(dir.resolve("backend/app"));
        assertThat(ComposeFile.discover(nested)).isEmpty();
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        assertThat(ComposeFile.discover(nested)).contains(dir.resolve("docker-compose.yml"));
        Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
        assertThat(ComposeFile.discover(nested)).contains(dir.resolve("compose.yaml")); // compose's preferred name
        Files.writeString(dir.resolve("backend/compose.yml"), "services: {}\n");
        assertThat(ComposeFile.discover(nested)).contains(dir.resolve("backend/compose.yml")); // the nearest wins
    }

    @Test
    void aFileNearbyThatIsNotComposeIsIgnored() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services: [not, a, map\n");
        assertThat(ComposeFile.around(Map.of("PWD", dir.toString()))).isEmpty();
        assertThat(ComposeFile.around(Map.of())).isEmpty();
    }

    @Test
    void eachVariableKnowsWhereItIsDefined() throws Exception {
        Files.writeString(dir.resolve("common.env"), "ROLLBAR_ENVIRONMENT=staging\nAWS_REGION=from-env-file\n");
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, """
                services:
                  web:
                    env_file: common.env
                    environment:
                      AWS_REGION: eu-west-1
                      OTEL_SERVICE_NAME: ${SERVICE}
                      HONEYCOMB_API_KEY: ${HONEYCOMB_API_KEY:-}
                      PASSED:
                  worker:
                    environment:
                      - AWS_DEFAULT_REGION=eu-west-1
                """);
        ComposeProject read = ComposeFile.read(file, Optional.of("web"), Map.of("SERVICE", "web"));
        assertThat(read.definition("AWS_REGION")).contains(new Definition(file, "eu-west-1", false, false, false));
        assertThat(read.definition("ROLLBAR_ENVIRONMENT")).contains(new Definition(dir.resolve("common.env"), "staging", false, true, false));
        assertThat(read.definition("OTEL_SERVICE_NAME").orElseThrow().fromShell()).isTrue();
        assertThat(read.definition("HONEYCOMB_API_KEY").orElseThrow().reference()).contains("HONEYCOMB_API_KEY");
        assertThat(read.definition("HONEYCOMB_API_KEY").orElseThrow().fromShell()).isFalse();
        assertThat(read.definition("PASSED").orElseThrow().passedThrough()).isTrue();
        assertThat(read.definition("AWS_DEFAULT_REGION")).isEmpty(); // worker's, not web's
        assertThat(read.named("worker").orElseThrow().environment().get("AWS_DEFAULT_REGION").listForm()).isTrue();
    }
}
