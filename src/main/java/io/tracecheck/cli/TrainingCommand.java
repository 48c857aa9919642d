package io.tracecheck.cli;

import io.tracecheck.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hidden: the workload the launcher runs once, in the background, to train the class-data-sharing
 * archive. It runs the everyday commands in one JVM so that their classes all land in the archive;
 * it makes no network call.
 */
@Command(name = "cds-training", hidden = true)
final class TrainingCommand implements Callable<Integer> {
    private static final List<List<String>> WORKLOAD = List.of(
            List.of("env"), List.of("env", "-o", "json"), List.of("doctor"), List.of("doctor", "-o", "json"),
            List.of("explain", "--list"), List.of("explain", "config.missing"), List.of("--help"),
            List.of("env", "--timeout", "bogus"));

    @ParentCommand
    TracecheckCommand root;

    @Override
    public Integer call() {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (List<String> args : WORKLOAD) {
            App.newCommandLine(nowhere, nowhere, root.context().env()).execute(args.toArray(String[]::new));
        }
        return ExitCodes.OK;
    }
}
