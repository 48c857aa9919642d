package io.tracecheck.blackbox;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programs a black-box test borrows from the machine (node, chromium, the npm tools): found on PATH,
 * and a test without them is skipped, unless its switch (set by .ci/run, which installs them) says
 * the test is required, which makes it fail instead.
 */
final class HostTools {
    static final Path NODE_TOOLS = Launcher.PROJECT.resolve("scripts/bench-tools/node");

    private HostTools() {
    }

    static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the test when {@code present} is false, or fails it when {@code switchVariable} is {@code required}. */
    static void requireOrSkip(String switchVariable, boolean present, String missing) {
        if ("required".equals(System.getenv(switchVariable))) {
            assertThat(present).as(switchVariable + "=required, but " + missing).isTrue();
        }
        Assumptions.assumeTrue(present, "skipped: " + missing);
    }
}
