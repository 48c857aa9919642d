package io.tracecheck.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.time.Duration;

/** Options every command takes (docs/commands.md), declared once and inherited by all subcommands. */
public final class GlobalOptions {
    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", defaultValue = "text")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "Deadline per check, e.g. 500ms, 15s, 2m (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(15);

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show redacted request/response lines, timings, and stack traces of internal errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only what failed or warned, and the closing line.")
    boolean quiet;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No colour and ASCII status marks (NO_COLOR is honoured too).")
    boolean noColor;

    @Option(names = "--env-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read variables from a dotenv file; the process environment wins over it.")
    Path envFile;

    /** The same options without --env-file (doctor --local reads none of the user's configuration). */
    GlobalOptions withoutEnvFile() {
        GlobalOptions copy = new GlobalOptions();
        copy.output = output;
        copy.timeout = timeout;
        copy.verbose = verbose;
        copy.quiet = quiet;
        copy.noColor = noColor;
        copy.envFile = null;
        return copy;
    }
}
