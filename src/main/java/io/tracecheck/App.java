package io.tracecheck;

import io.tracecheck.cli.AppContext;
import io.tracecheck.cli.Subcommands;
import io.tracecheck.cli.TracecheckCommand;
import io.tracecheck.core.Redactor;
import io.tracecheck.core.Settings;
import io.tracecheck.report.RedactingWriter;
import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** Entry point, and the one place where the command line is wired. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8));
        CommandLine commandLine = newCommandLine(out, err, System.getenv(), System.console() != null,
                Subcommands.namedIn(args));
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    /** The command line as tests drive it: captured streams, an injected environment, no TTY. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return newCommandLine(out, err, env, false, null);
    }

    /** With {@code only} naming a subcommand, only that one is registered (a faster start; see {@link Subcommands}). */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty,
                                             String only) {
        Redactor redactor = new Redactor();
        redactor.register(Settings.of(env));
        AppContext context = new AppContext(env, redactor, tty, Clock.systemUTC());
        CommandLine commandLine = new CommandLine(new TracecheckCommand(context));
        Subcommands.register(commandLine, only);
        commandLine.setOut(new PrintWriter(new RedactingWriter(out, redactor), true));
        commandLine.setErr(new PrintWriter(new RedactingWriter(err, redactor), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new io.tracecheck.cli.ErrorHandler(redactor));
        commandLine.setParameterExceptionHandler(new io.tracecheck.cli.UsageErrorHandler());
        return commandLine;
    }
}
