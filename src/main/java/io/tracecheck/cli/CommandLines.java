package io.tracecheck.cli;

import io.tracecheck.core.Redactor;
import io.tracecheck.core.Settings;
import io.tracecheck.report.RedactingWriter;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The one place where the command line is wired: the injected environment, redaction of both
 * streams, the error handlers, and the subcommands a run needs. {@code main}, the shell, the
 * training run and the tests all go through here.
 */
public final class CommandLines {
    /**
     * picocli registers a converter for every java.time and java.sql type it knows, each found by
     * reflection when a {@code CommandLine} is made (~20 JDK classes loaded, initialised and their methods
     * listed, for every command). No option of ours takes one of them without its own converter
     * (CommandLinesTest keeps it so), so those are left out, unless the property was set already.
     */
    static final String UNUSED_CONVERTERS = "java\\.time\\..*,java\\.sql\\..*";

    static {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        }
    }

    private CommandLines() {
    }

    /** Runs one command line to its exit code, flushing both streams. */
    public static int execute(PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty, String... args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            // the answer needs no command model: building picocli's (reflection, annotation proxies) would
            // be most of the run; the lines are the ones picocli prints from VersionProvider
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            out.flush();
            err.flush();
            return ExitCodes.OK;
        }
        return executeGuarded(create(out, err, env, tty, args), args);
    }

    /**
     * Runs it to its exit code. picocli hands exceptions to {@link ErrorHandler}, but lets an Error
     * (a stack overflow, no memory left) through, which the JVM would report with a stack trace and
     * exit 1, the code of a failed check: it is an internal error, one line and exit 4 like the rest.
     */
    static int executeGuarded(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (VirtualMachineError | LinkageError | AssertionError crash) {
            PrintWriter err = commandLine.getErr();
            err.println("tracecheck: internal error: " + crash.getClass().getSimpleName()
                    + (crash instanceof StackOverflowError || crash.getMessage() == null ? "" : ": " + crash.getMessage()));
            if (java.util.Arrays.asList(args).contains("--verbose") || java.util.Arrays.asList(args).contains("-v")) {
                err.println(io.tracecheck.core.StackTraces.of(crash));
            } else {
                err.println("Run again with --verbose for the stack trace, and report it.");
            }
            return ExitCodes.INTERNAL;
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    /**
     * The command line for these arguments: when they name a subcommand only that one is registered
     * (a faster start; see {@link Subcommands}), otherwise all of them.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty,
                                     String... args) {
        Redactor redactor = new Redactor();
        AppContext context = new AppContext(env, redactor, tty, Clock.systemUTC());
        // picocli's model (reflection, and the annotation proxies the JDK generates at run time) is the
        // largest part of a start and needs nothing of the settings: it is built on the other core
        // while this thread reads the settings and registers their secrets
        // (an anonymous class, not a lambda: the first lambda of a run initialises the JDK's method-handle
        // machinery, which the model's thread should not wait for)
        FutureTask<CommandLine> model = new FutureTask<>(new Callable<>() {
            @Override
            public CommandLine call() {
                return model(context, args);
            }
        });
        Thread modelThread = new Thread(model, "tracecheck-model");
        modelThread.setDaemon(true);
        modelThread.start();
        Annotations.readAhead(Subcommands.likelyNamedIn(args));
        redactor.register(Settings.of(env));
        // a key given only as a flag is known before picocli can quote it in an error
        SecretArguments.registerDeclared(redactor, java.util.Arrays.asList(args));
        CommandLine commandLine = built(model);
        commandLine.setOut(new PrintWriter(new RedactingWriter(out, redactor), true));
        commandLine.setErr(new PrintWriter(new RedactingWriter(err, redactor), true));
        commandLine.setExecutionExceptionHandler(new ErrorHandler(redactor));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler(redactor));
        return commandLine;
    }

    /** The root command and the subcommands these arguments need; it prints nothing. */
    private static CommandLine model(AppContext context, String[] args) {
        CommandLine commandLine = new CommandLine(new TracecheckCommand(context));
        String named = Subcommands.namedIn(commandLine.getCommandSpec(), args);
        Subcommands.prepare(named);
        Subcommands.register(commandLine, named);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** The model built on the other thread, or what building it threw, thrown here as it would have been. */
    private static CommandLine built(FutureTask<CommandLine> model) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return model.get();
                } catch (InterruptedException e) {
                    // the model is seconds away at most: finish the wait, then keep the interrupt for the caller
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every subcommand, the hidden training one hidden, output discarded: what completion describes. */
    static CommandLine full(Map<String, String> env) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine full = create(nowhere, nowhere, env, false);
        full.getSubcommands().get("cds-training").getCommandSpec().usageMessage().hidden(true);
        return full;
    }
}
