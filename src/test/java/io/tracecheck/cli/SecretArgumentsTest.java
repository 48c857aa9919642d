package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which words of a command line are secrets, and that a usage error never prints one. */
class SecretArgumentsTest {
    @TempDir
    Path home;

    @Test
    void everyOptionThatTakesAKeyOrTokenIsDeclaredSecret() {
        List<String> secretOptions = new ArrayList<>();
        collect(CommandLines.full(Map.of()), secretOptions);
        assertThat(secretOptions).isNotEmpty();
        assertThat(SecretArguments.OPTIONS).containsAll(secretOptions);
    }

    private static void collect(CommandLine commandLine, List<String> into) {
        for (CommandLine.Model.OptionSpec option : commandLine.getCommandSpec().options()) {
            String label = option.paramLabel().toUpperCase(Locale.ROOT);
            if (label.contains("KEY") || label.contains("TOKEN") || label.contains("SECRET")) {
                into.add(option.longestName());
            }
        }
        commandLine.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @Test
    void aDeclaredSecretIsMaskedInAnyErrorEvenWhenShort() {
        // 8 characters, no digits: not shaped like a key, but given to an option that takes one
        TestCli.Result result = TestCli.in(home).run("rollbar", "--read-token", "abcdefgh", "--timeout", "abcdefgh");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).doesNotContain("abcdefgh").contains("…(8 chars)");
    }

    @Test
    void historyMaskingKeepsTheRestOfTheLine() {
        String line = "listen --honeycomb-key " + Fixtures.INGEST_KEY + ":ingest --rollbar-token=" + Fixtures.ROLLBAR_TOKEN
                + " --http-port 14318";
        String masked = Shell.MaskedHistory.masked(line);
        assertThat(masked).startsWith("listen --honeycomb-key hcai…(64 chars):ingest --rollbar-token=3f9c…(32 chars)")
                .endsWith(" --http-port 14318");
        assertThat(Shell.MaskedHistory.masked("doctor --only honeycomb,xray --timeout 30s -o json"))
                .isEqualTo("doctor --only honeycomb,xray --timeout 30s -o json");
    }
}
