package io.tracecheck.cli;

import io.tracecheck.registry.Backends;
import io.tracecheck.registry.Backends.Backend;
import io.tracecheck.core.Check;
import io.tracecheck.core.EnvCheck;
import io.tracecheck.core.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "doctor", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run env and every configured check concurrently: one report, one exit code.",
                "Made for workspace prebuilds and CI; --local runs everything against local backends."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "BACKEND", completionCandidates = Candidates.BackendNames.class,
            description = "Only these backends: ${COMPLETION-CANDIDATES}.")
    List<String> only;

    @Option(names = "--skip", split = ",", paramLabel = "BACKEND", completionCandidates = Candidates.BackendNames.class,
            description = "Leave these backends out.")
    List<String> skip;

    @Option(names = "--strict", description = "Warnings count as failures (exit 1).")
    boolean strict;

    @Mixin
    ComposeOptions compose;

    @Mixin
    ReadBackOptions readBack;

    @Option(names = "--service-name", paramLabel = "NAME", description = "Service name of the probes.")
    String serviceName;

    @Option(names = "--log-group", paramLabel = "NAME", description = "CloudWatch Logs group for the logs check.")
    String logGroup;

    @Option(names = "--create", description = "Let the logs check create its group and stream when missing.")
    boolean create;

    @Option(names = "--group", paramLabel = "NAME", description = "X-Ray group for the xray check.")
    String group;

    @Option(names = "--environment", paramLabel = "NAME", description = "Rollbar environment for the rollbar check.")
    String environment;

    @Option(names = "--app-url", paramLabel = "URL", description = {"A backend route the frontend calls: the propagation",
            "check sends a traced request to it (default: TRACECHECK_APP_URL)."})
    String appUrl;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report (one testcase per check) for CI.")
    Path junit;

    @Option(names = "--local", description = {"Start the local backends in process, point every check at them",
            "(nothing of your environment is used), run all checks with read-back, stop them."})
    boolean local;

    @Override
    public Integer call() {
        List<Backend> selected = BackendSelection.of(only, skip);
        if (local) {
            return LocalDoctor.run(root.context(), root.global, spec, run -> checks(run, selected, List.of()), junit, strict);
        }
        boolean fromCompose = compose.active();
        Map<String, String> flagged = appUrl == null ? Map.of() : Map.of("TRACECHECK_APP_URL", appUrl);
        Invocation run = Invocation.start(fromCompose ? compose.apply(root.context()) : root.context(), root.global, spec, flagged,
                compose.projectIfActive(root.context()));
        List<Problem> sourceProblems = fromCompose ? compose.problems(root.context()) : List.of();
        return run.runChecks(checks(run, selected, sourceProblems), strict, junit);
    }

    /** env over the selected backends' reviews, then each selected check: run when configured, else skipped. */
    private List<Check> checks(Invocation run, List<Backend> selected, List<Problem> sourceProblems) {
        Backends.Flags flags = new Backends.Flags(readBack.readBack(), Optional.ofNullable(serviceName),
                Optional.ofNullable(group), Optional.ofNullable(logGroup), create, Optional.ofNullable(environment), local,
                VersionProvider.version());
        List<Check> checks = new ArrayList<>();
        checks.add(new EnvCheck(Backends.reviews(selected), sourceProblems));
        checks.addAll(Backends.checks(selected, flags, run.settings()));
        return checks;
    }
}
