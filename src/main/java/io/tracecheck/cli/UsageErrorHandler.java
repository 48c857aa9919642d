package io.tracecheck.cli;

import picocli.CommandLine;

/** Bad flags and values: the message, picocli's suggestion, a pointer to --help; exit 2. */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        var err = commandLine.getErr();
        err.println("tracecheck: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
