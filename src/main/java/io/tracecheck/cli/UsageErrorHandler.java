package io.tracecheck.cli;

import io.tracecheck.core.Redactor;
import picocli.CommandLine;

/** Bad flags and values: the message, picocli's suggestion, a pointer to --help; exit 2. */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    private final Redactor redactor;

    public UsageErrorHandler(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        // the message quotes the word it could not place: a key typed at the wrong option or place is masked
        SecretArguments.registerAll(redactor, java.util.Arrays.asList(args));
        var err = commandLine.getErr();
        err.println("tracecheck: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
