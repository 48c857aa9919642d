package io.tracecheck.hostile;

import io.tracecheck.TestCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Bad command lines, one table: devices, FIFOs and directories where a file belongs, a compose file
 * nested thousands of levels, numbers past every limit, addresses not on this machine, keys in the
 * wrong place. Each must end in its documented exit code with one {@code tracecheck:} line on
 * stderr (a usage error may add picocli's suggestion and the pointer to --help), no Java exception
 * text, and no piece of a key typed on the command line. The counts are in docs/benchmarks.md.
 */
@Tag("hostile")
class BadCliInputTest {
    /** Typed on the command line only: no environment holds it, so only the argument scan can mask it. */
    static final String KEY = "hcaik_01typedtypedtypedKEY0q8w7e6r5t4y3u2i1o0pasdfghjklmnbvcxzlk";

    @TempDir
    static Path dir;
    static Path fifo;
    static Path deep;
    static Path deepFlow;
    static Path aliases;

    /** One bad command line and the exit code docs/exit-codes.md gives it. */
    record Input(int exit, List<String> args) {
        @Override
        public String toString() {
            return String.join(" ", args) + " -> " + exit;
        }
    }

    private static Input in(int exit, String... args) {
        return new Input(exit, List.of(args));
    }

    @BeforeAll
    static void files() throws Exception {
        fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        Files.createDirectories(dir.resolve("a-directory"));
        // 4 KB nested 2,000 levels: "a:" in block style, "[" in flow style
        StringBuilder block = new StringBuilder("services:\n  app:\n    environment:\n");
        for (int level = 0; level < 2000; level++) {
            block.append("-");
        }
        deep = Files.writeString(dir.resolve("deep.yaml"), "services: " + "[".repeat(2000) + "]".repeat(2000) + "\n");
        deepFlow = Files.writeString(dir.resolve("deep-flow.yaml"), "x: " + "{a: ".repeat(2000) + "1" + "}".repeat(2000) + "\n");
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
                    .append("*a").append(i - 1).append("]\n");
        }
        aliases = Files.writeString(dir.resolve("aliases.yaml"), laughs + "services:\n  app:\n    image: x\n");
        Files.write(dir.resolve("binary.env"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Files.writeString(dir.resolve("nul.env"), "A=1\nB=\0\n");
        Files.write(dir.resolve("big.env"), new byte[2 << 20]);
        Files.writeString(dir.resolve("not-yaml.yaml"), "services: [\n  - : :\n");
        for (String target : new String[] {"/dev/zero", fifo.toString(), dir.resolve("a-directory").toString(), "/dev/urandom"}) {
            Files.writeString(dir.resolve("env_file-" + Path.of(target).getFileName() + ".yaml"),
                    "services:\n  app:\n    image: x\n    env_file: " + target + "\n");
        }
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  app:\n    image: x\n");
    }

    static Stream<Input> inputs() {
        String d = dir.toString();
        String fifoPath = fifo.toString();
        String folder = d + "/a-directory";
        String compose = d + "/compose.yaml";
        List<Input> inputs = new ArrayList<>(List.of(
                // files that are not files
                in(2, "env", "--env-file", "/dev/zero"), in(2, "env", "--env-file", "/dev/urandom"),
                in(2, "env", "--env-file", fifoPath), in(2, "env", "--env-file", folder), in(2, "env", "--env-file", ""),
                in(2, "env", "--env-file", d + "/no-such.env"), in(2, "doctor", "--env-file", "/dev/zero"),
                in(2, "honeycomb", "--env-file", fifoPath), in(2, "env", "--env-file", d + "/big.env"),
                in(2, "env", "--env-file", d + "/binary.env"), in(2, "env", "--env-file", d + "/nul.env"),
                in(2, "env", "--env-file"),
                in(2, "env", "--compose", fifoPath, "--service", "app"), in(2, "env", "--compose", "/dev/zero", "--service", "app"),
                in(2, "env", "--compose", folder, "--service", "app"), in(2, "env", "--compose", "", "--service", "app"),
                in(2, "env", "--compose", deep.toString(), "--service", "app"),
                in(2, "env", "--compose", deepFlow.toString(), "--service", "app"),
                in(2, "doctor", "--compose", deep.toString(), "--service", "app"),
                in(2, "env", "--compose", aliases.toString(), "--service", "app"),
                in(2, "env", "--compose", d + "/not-yaml.yaml", "--service", "app"),
                in(2, "env", "--compose", d + "/env_file-zero.yaml", "--service", "app"),
                in(2, "env", "--compose", d + "/env_file-urandom.yaml", "--service", "app"),
                in(2, "env", "--compose", d + "/env_file-fifo.yaml", "--service", "app"),
                in(2, "env", "--compose", d + "/env_file-a-directory.yaml", "--service", "app"),
                in(2, "env", "--compose", compose), in(2, "env", "--service", "app"),
                in(2, "env", "--compose", compose, "--service", "nope"),
                // durations
                in(2, "doctor", "--timeout", "597h"), in(2, "doctor", "--timeout", "99999999999999999999s"),
                in(2, "doctor", "--timeout", "999999999999h"), in(2, "doctor", "--timeout", "-5s"), in(2, "doctor", "--timeout", "0s"),
                in(2, "doctor", "--timeout", "abc"), in(2, "doctor", "--timeout", ""), in(2, "doctor", "--timeout", "5parsecs"),
                in(2, "doctor", "--verify-timeout", "9999h"), in(2, "honeycomb", "--timeout", "1e9s"),
                in(2, "doctor", "--timeout", "1000000000000000000000ms"), in(2, "doctor", "--verify-timeout", "-1s"),
                in(2, "listen", "--for", "99999999999h"), in(2, "listen", "--for", "-1s"),
                // listen's numbers and addresses
                in(2, "listen", "--max-items", "2000000000"), in(2, "listen", "--max-items", "0"), in(2, "listen", "--max-items", "-1"),
                in(2, "listen", "--max-items", "99999999999"), in(2, "listen", "--body-limit", "99999999999g"),
                in(2, "listen", "--body-limit", "0"), in(2, "listen", "--body-limit", "1"),
                in(2, "listen", "--body-limit", "999999999999"), in(2, "listen", "--body-limit", "-5"),
                in(2, "listen", "--body-limit", "5x"), in(2, "listen", "--body-limit", "9223372036854775807"),
                in(2, "listen", "--http-port", "70000"), in(2, "listen", "--http-port", "-1"),
                in(2, "listen", "--udp-port", "99999999999"), in(2, "listen", "--host", "not.a.host.invalid"),
                in(2, "listen", "--host", "192.0.2.1"), in(2, "listen", "--host", ""), in(2, "listen", "--host", "::zz"),
                in(2, "listen", "--print-env=bogus"), in(2, "listen", "--print-env", "--http-port", "0"),
                in(2, "listen", "--honeycomb-key", ""), in(2, "listen", "--honeycomb-key", "key:badkind"),
                in(2, "listen", "--rollbar-token", "tok:badscope"), in(2, "listen", "--jsonl", folder),
                in(2, "listen", "--jsonl", d + "/no/such/dir/x.jsonl"),
                // keys in the wrong place
                in(2, "doctor", "--honeycomb-key=" + KEY), in(2, "doctor", KEY), in(2, "env", "--bogus", KEY),
                in(2, "explain", KEY), in(2, "doctor", "--timeout", KEY), in(2, "rollbar", "--verify-timeout", KEY),
                in(2, "listen", "--honeycomb-key", KEY + ":nonsense"), in(2, "traces", "--limit", KEY),
                in(2, "doctor", "--only", KEY), in(2, "doctor", "-o", KEY), in(2, "rollbar", "--read-token"),
                in(2, "listen", "--rollbar-token", KEY + ":nonsense"), in(2, "env", "--env-file", KEY),
                in(2, KEY), in(2, "doctor", "--bogus=" + KEY),
                // the rest of the usage errors
                in(2), in(2, "bogus-command"), in(2, "doctor", "--only", "bogus"), in(2, "doctor", "--skip", "bogus"),
                in(2, "doctor", "--only", ""), in(2, "traces", "--limit", "0"), in(2, "traces", "--limit", "-1"),
                in(2, "traces", "--limit", "99999999999"), in(2, "traces", "--source", "bogus"), in(2, "xray", "--via", "bogus"),
                in(2, "explain"), in(2, "explain", "no.such-code"), in(2, "doctor", "--junit", folder),
                in(2, "doctor", "--junit", d + "/no/such/dir/x.xml"), in(2, "doctor", "-o", "xml"),
                in(2, "completion", "fish")));
        return inputs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void aBadCommandLineIsOneLineAndItsExitCode(Input input) throws Exception {
        // listen must never start serving here: fixed ports would clash, so free ones, and a bound
        List<String> args = new ArrayList<>(input.args());
        if (!args.isEmpty() && args.get(0).equals("listen") && !args.contains("--print-env")
                && args.stream().noneMatch(a -> a.startsWith("--http-port"))) {
            args.addAll(List.of("--http-port", "0", "--grpc-port", "0", "--udp-port", "0"));
        }
        // a guard against a hang (a FIFO opened for reading), not a measure of speed
        TestCli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> TestCli.in(dir).run(args.toArray(String[]::new)));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(input.exit());
        List<String> errorLines = result.err().lines().filter(l -> l.startsWith("tracecheck:")).toList();
        assertThat(errorLines).as(result.toString()).hasSize(input.args().isEmpty() ? 0 : 1);
        List<String> otherLines = result.err().lines().filter(l -> !l.startsWith("tracecheck:") && !l.isBlank()
                && !l.startsWith("Try '") && !l.startsWith("Did you mean") && !l.startsWith("Possible solutions")
                && !l.startsWith("  ")).toList();
        if (!input.args().isEmpty()) {
            assertThat(otherLines).as(result.toString()).isEmpty();
        }
        assertThat(result.all()).as(result.toString()).doesNotContain("Exception").doesNotContain("Error:")
                .doesNotContain("at io.tracecheck").doesNotContain("at java.");
        assertThat(EchoedSecretTest.fragmentOf(KEY, result.all())).as(result.toString()).isEmpty();
        assertThat(result.all().getBytes(StandardCharsets.UTF_8).length).as("a bounded answer").isLessThan(16_384);
    }
}
