package io.tracecheck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** An Error out of a command (a stack overflow, no memory) is an internal error, exit 4, not 1 ("a check failed"). */
class CrashExitTest {
    @CommandLine.Command(name = "crash")
    static final class Crash implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError();
        }
    }

    @Test
    void anErrorIsOneLineAndExitFour() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Crash());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setExecutionExceptionHandler(new ErrorHandler(new io.tracecheck.core.Redactor()));
        assertThat(CommandLines.executeGuarded(commandLine)).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err.toString().lines().toList()).containsExactly("tracecheck: internal error: StackOverflowError",
                "Run again with --verbose for the stack trace, and report it.");
    }
}
