package io.tracecheck.cli;

import io.tracecheck.core.Check;
import io.tracecheck.core.EnvCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "doctor", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the env check and every configured backend check concurrently:",
                "one report, one exit code. Made for workspace prebuilds and CI."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "BACKEND",
            description = "Only these backends: honeycomb, xray, logs, rollbar.")
    List<String> only;

    @Option(names = "--skip", split = ",", paramLabel = "BACKEND", description = "Leave these backends out.")
    List<String> skip;

    @Option(names = "--strict", description = "Warnings count as failures (exit 1).")
    boolean strict;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        List<Check> checks = List.of(new EnvCheck(BackendSelection.configs(only, skip)));
        return run.runChecks(checks, strict);
    }
}
