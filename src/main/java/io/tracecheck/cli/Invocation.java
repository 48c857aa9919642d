package io.tracecheck.cli;

import io.tracecheck.compose.ComposeFile;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ComposeProject;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.EnvFile;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.RunIds;
import io.tracecheck.core.RunReport;
import io.tracecheck.core.Situation;
import io.tracecheck.core.Settings;
import io.tracecheck.report.JsonReport;
import io.tracecheck.terminal.Style;
import io.tracecheck.report.TextReport;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One command's run: settings resolved with the precedence of docs/configuration.md (secrets registered for
 * redaction), the report style for this terminal, the check context, and the rendering.
 */
final class Invocation {
    private final AppContext app;
    private final GlobalOptions options;
    private final CommandSpec spec;
    private final Settings settings;
    private final String runId = RunIds.next();
    private final Instant start;

    private Invocation(AppContext app, GlobalOptions options, CommandSpec spec, Settings settings) {
        this.app = app;
        this.options = options;
        this.spec = spec;
        this.settings = settings;
        this.start = app.clock().instant();
    }

    /** Reads the env file (if any) and resolves the settings; a bad file is a usage error. */
    static Invocation start(AppContext app, GlobalOptions options, CommandSpec spec, Map<String, String> flags) {
        return start(app, options, spec, flags, Optional.empty());
    }

    /**
     * The same, with the compose project --compose names; without one, the compose file docker compose would
     * use from the shell's current directory (PWD), if any, so a compose service's name is diagnosed as such.
     */
    static Invocation start(AppContext app, GlobalOptions options, CommandSpec spec, Map<String, String> flags,
                            Optional<ComposeProject> compose) {
        Map<String, String> file = Map.of();
        if (options.envFile != null) {
            try {
                file = EnvFile.read(options.envFile);
            } catch (EnvFile.EnvFileException e) {
                throw new CliException(ExitCodes.USAGE, "--env-file " + e.getMessage(), e);
            }
        }
        Settings plain = Settings.of(app.env(), file, flags);
        Settings settings = compose.map(plain::withCompose)
                .orElseGet(() -> plain.withComposeAround(() -> ComposeFile.around(app.env())));
        app.redactor().register(settings);
        Invocation invocation = new Invocation(app, options, spec, settings);
        compose.ifPresent(p -> invocation.verbose("compose project " + p.file() + ": services "
                + String.join(", ", p.services().stream().map(ComposeProject.Service::name).toList())));
        if (options.envFile != null) {
            invocation.verbose("read " + file.size() + " variable(s) from " + options.envFile
                    + " (the process environment wins over them)");
        }
        return invocation;
    }

    Settings settings() {
        return settings;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    CheckContext checkContext() {
        return new CheckContext(settings, options.timeout, runId, app.clock(), this::verbose);
    }

    void verbose(String line) {
        if (options.verbose) {
            err().println("· " + line);
            err().flush();
        }
    }

    boolean json() {
        return options.output == OutputFormat.json;
    }

    Style style() {
        boolean noColor = options.noColor || settings.isSet(KnownVariable.NO_COLOR);
        String locale = settings.text(KnownVariable.LC_ALL).or(() -> settings.text(KnownVariable.LC_CTYPE))
                .or(() -> settings.text(KnownVariable.LANG)).orElse("").toUpperCase(Locale.ROOT);
        boolean utf8 = locale.contains("UTF-8") || locale.contains("UTF8");
        boolean dumb = settings.text(KnownVariable.TERM).filter("dumb"::equals).isPresent();
        return new Style(utf8 && !options.noColor, app.tty() && !noColor && !dumb);
    }

    /** Columns to fit live lines into when the terminal cannot tell: COLUMNS on a TTY, none otherwise. */
    int terminalWidth() {
        if (!app.tty()) {
            return 0;
        }
        return settings.text(KnownVariable.COLUMNS).filter(c -> c.matches("\\d{2,4}")).map(Integer::parseInt).orElse(120);
    }

    TextReport textReport() {
        return new TextReport(style(), options.quiet, options.verbose);
    }

    RunReport report(List<CheckResult> checks) {
        Duration elapsed = Duration.between(start, app.clock().instant());
        return new RunReport(VersionProvider.version(), runId, elapsed, checks);
    }

    /** Runs the checks (concurrently when several), renders the one report, and gives the exit code. */
    int runChecks(List<io.tracecheck.core.Check> checks, boolean strict) {
        return runChecks(checks, strict, null);
    }

    /** The same, also writing a JUnit XML report when {@code junit} names a file. */
    int runChecks(List<io.tracecheck.core.Check> checks, boolean strict, java.nio.file.Path junit) {
        RunReport report = report(runWithProgress(checks));
        render(report);
        writeJunit(report, strict, junit);
        return ExitCodes.of(report, strict);
    }

    /** Runs the checks; on a terminal (text output, not quiet) with live progress lines on stderr. */
    List<CheckResult> runWithProgress(List<io.tracecheck.core.Check> checks) {
        io.tracecheck.core.CheckRunner runner = new io.tracecheck.core.CheckRunner(app.clock());
        if (!app.tty() || json() || options.quiet) {
            return explained(runner.run(checks, checkContext()));
        }
        try (io.tracecheck.report.ProgressLines progress = new io.tracecheck.report.ProgressLines(err(), style())) {
            CheckContext base = checkContext();
            return explained(runner.run(checks, new CheckContext(base.settings(), base.timeout(), base.runId(), base.clock(),
                    base.verboseLog(), progress)));
        }
    }

    /** What the place changes about the results: compose service names, fixes in the form it calls for. */
    List<CheckResult> explained(List<CheckResult> results) {
        return results.stream().map(result -> Situation.explain(result, settings)).toList();
    }

    /** The JUnit file goes through the same redaction as every other output. */
    void writeJunit(RunReport report, boolean strict, java.nio.file.Path junit) {
        if (junit == null) {
            return;
        }
        try (java.io.Writer file = new io.tracecheck.report.RedactingWriter(
                java.nio.file.Files.newBufferedWriter(junit, java.nio.charset.StandardCharsets.UTF_8), app.redactor())) {
            io.tracecheck.report.JunitReport.write(report, strict, file, app.clock().instant());
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.USAGE, "--junit " + junit + ": cannot be written (" + e.getMessage() + ")", e);
        }
    }

    /** Renders the report in the chosen format. */
    void render(RunReport report) {
        verbose("run " + runId + " finished in " + report.duration().toMillis() + " ms");
        if (json()) {
            JsonReport.render(report, out());
        } else {
            textReport().render(report, out());
        }
    }
}
