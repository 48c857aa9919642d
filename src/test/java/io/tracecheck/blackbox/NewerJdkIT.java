package io.tracecheck.blackbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The launcher on the JDK 25 installed beside the default one, where there is one. */
class NewerJdkIT {
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path home;

    @Test
    void doctorLocalPrintsNoJvmWarningOnJdk25() throws Exception {
        assumeTrue(Files.isExecutable(JDK_25.resolve("bin/java")), "no JDK 25 at " + JDK_25);
        // protobuf-java's use of sun.misc.Unsafe makes JDK 24+ warn on stderr unless the launcher allows it
        Launcher.Run run = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home)
                .env("JAVA_HOME", JDK_25.toString()).env("LANG", "C.UTF-8").run("doctor", "--local");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("6 passed, 0 warnings, 0 failed");
        assertThat(run.err()).as(run.toString()).isEmpty();
    }
}
