package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Black-box runs of scripts/tracecheck against the jar this build packaged. */
class LauncherIT {
    private static final String INGEST_KEY = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";

    @TempDir
    Path home;

    private Launcher launcher() {
        return new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home);
    }

    @Test
    void exitCodesPassThrough() throws Exception {
        Launcher.Run nothing = launcher().run("env");
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(3);

        // env, not doctor: doctor would send a probe, and no test may reach a real Rollbar host
        Launcher.Run valid = launcher().env("ROLLBAR_ACCESS_TOKEN", "3f9c2b7e1d5a4c8b9e0f6a2d7c1b5e3a").run("env");
        assertThat(valid.exitCode()).as(valid.toString()).isZero();

        Launcher.Run failing = launcher().env("ROLLBAR_ACCESS_TOKEN", "3f9c2b7e1d5a4c8b9e0f6a2d7c1b5e3a")
                .env("ROLLBAR_ENDPOINT", "not a url").run("doctor");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(1);

        Launcher.Run usage = launcher().run("doctor", "--timeout", "soon");
        assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(2);
        assertThat(usage.err()).contains("'soon' is not a duration");
        assertThat(usage.out()).isEmpty();
    }

    @Test
    void doctorLocalPassesOnAFreshMachine() throws Exception {
        Launcher.Run run = launcher().env("LANG", "C.UTF-8").run("doctor", "--local");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("✓ honeycomb").contains("✓ xray").contains("✓ logs").contains("✓ rollbar")
                .contains("✓ xray-otlp").contains("6 passed, 0 warnings, 0 failed").contains("trace_id: ").contains("link: ")
                .contains("local backends: http://127.0.0.1:");
        assertThat(run.out().lines().count()).as("one screen").isLessThan(60);
        assertThat(run.err()).as(run.toString()).isEmpty();
    }

    @Test
    void jsonOnStdoutNothingElse() throws Exception {
        Launcher.Run run = launcher().env("HONEYCOMB_API_KEY", INGEST_KEY).env("OTEL_SERVICE_NAME", "web")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + INGEST_KEY)
                .run("env", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, Object> report = JSON.std.mapFrom(run.out());
        assertThat(report).containsEntry("tool", "tracecheck").containsEntry("status", "pass");
        assertThat(run.err()).as(run.toString()).isEmpty();
        assertThat(run.out()).doesNotContain(INGEST_KEY);
    }

    @Test
    void worksFromAnyDirectoryAndThroughASymlink() throws Exception {
        Path link = home.resolve("bin/tracecheck");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Launcher.PROJECT.resolve("scripts/tracecheck"));
        Launcher.Run run = new Launcher(link, home).in(home).run("--version");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("tracecheck ");
    }

    @Test
    void honoursJavaOpts() throws Exception {
        Launcher.Run run = launcher().env("JAVA_OPTS", "-showversion").run("--version");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).containsIgnoringCase("version");
    }

    @Test
    void createsAndReusesAClassDataSharingArchive() throws Exception {
        launcher().run("explain", "--list");
        // the archive is trained in the background after the first run; the launcher names it after this
        // JDK's feature version and the checksum of its path, which it keeps in a file per java
        Path cds = Launcher.PROJECT.resolve("target/cds");
        List<String> jdk = Files.readAllLines(cds.resolve("jdk" + Path.of(System.getProperty("java.home"), "bin", "java")
                .toString().replace('/', '_')));
        String prefix = "tracecheck-jdk" + jdk.get(1) + "-" + jdk.get(2);
        String suffix = Integer.parseInt(jdk.get(1)) >= 25 ? ".aot" : ".jsa";
        Path shared = cds.resolve(prefix + "-all" + suffix); // explain's: every command but the everyday checks
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(shared) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(shared).as("a CDS archive appears in target/cds").exists();
        // the single archive an earlier launcher kept for this JDK (named without a command) is cleared away
        Path legacy = cds.resolve(prefix + suffix);
        Files.write(legacy, new byte[] {1});
        Launcher.Run withArchive = launcher().run("explain", "config.missing");
        assertThat(withArchive.exitCode()).isZero();
        assertThat(withArchive.err()).as(withArchive.toString()).isEmpty();
        assertThat(legacy).as("an earlier launcher's archive").doesNotExist();
    }

    @Test
    void aFreshCloneBuildsTheJarOnFirstRun(@TempDir Path clone) throws Exception {
        for (String entry : List.of("pom.xml", "mvnw", ".mvn", "scripts", "src/main")) {
            copy(Launcher.PROJECT.resolve(entry), clone.resolve(entry));
        }
        Launcher fresh = new Launcher(clone.resolve("scripts/tracecheck"), home)
                .env("HOME", System.getProperty("user.home")) // the Maven wrapper and repository live there
                .env("MAVEN_ARGS", "--offline");
        Launcher.Run first = fresh.run("env");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
        assertThat(first.err()).as(first.toString()).contains("building").contains("tracecheck.jar");
        assertThat(clone.resolve("target/tracecheck.jar")).exists();

        Launcher.Run second = fresh.run("env", "-q");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
        assertThat(second.err()).as(second.toString()).doesNotContain("building");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
