package io.tracecheck.cli;

import io.tracecheck.core.Redactor;
import io.tracecheck.core.StackTraces;
import picocli.CommandLine;

/**
 * Maps what a command throws to an exit code and one line on stderr: {@link CliException} as it
 * says, anything else as an internal error (4). Stack traces (of the error, or of a CliException's
 * cause) only with --verbose, redacted like all output.
 */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private final Redactor redactor;

    public ErrorHandler(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getErr();
        if (ex instanceof CliException cli) {
            if (cli.exitCode() == ExitCodes.USAGE && parseResult != null) {
                // a usage error quotes what was typed: a key in the wrong place is masked like a declared one
                SecretArguments.registerAll(redactor, parseResult.originalArgs());
            }
            err.println("tracecheck: " + redactor.redact(cli.getMessage()));
            if (cli.getCause() != null && verbose(parseResult)) {
                err.println(redactor.redact(StackTraces.of(cli.getCause())));
            }
            err.flush();
            return cli.exitCode();
        }
        err.println("tracecheck: internal error: " + ex.getClass().getSimpleName()
                + (ex.getMessage() == null ? "" : ": " + redactor.redact(ex.getMessage())));
        if (verbose(parseResult)) {
            err.println(redactor.redact(StackTraces.of(ex)));
        } else {
            err.println("Run again with --verbose for the stack trace, and report it.");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
