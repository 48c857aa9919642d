package io.tracecheck.cli;

import io.tracecheck.cwlogs.LogsCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = LogsCheck.NAME, sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Check CloudWatch Logs: write a probe event to a group and stream.",
                "Region, credentials and identity first; --create makes the group and stream; --verify reads it back."})
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--log-group", paramLabel = "NAME", description = "Log group (default: TRACECHECK_LOG_GROUP, else tracecheck).")
    String logGroup;

    @Option(names = "--log-stream", paramLabel = "NAME", description = "Log stream (default: TRACECHECK_LOG_STREAM, else tracecheck-<host>).")
    String logStream;

    @Option(names = "--create", description = "Create the group and the stream when they are missing.")
    boolean create;

    @picocli.CommandLine.Mixin
    ReadBackOptions readBack;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        return run.runChecks(List.of(new LogsCheck(new LogsCheck.Options(Optional.ofNullable(logGroup),
                Optional.ofNullable(logStream), create, readBack.readBack()))), false);
    }
}
