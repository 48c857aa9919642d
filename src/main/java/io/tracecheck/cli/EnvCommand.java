package io.tracecheck.cli;

import io.tracecheck.registry.Backends;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.CheckRunner;
import io.tracecheck.core.EnvCheck;
import io.tracecheck.core.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "env", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Validate the configuration of every backend, with no network.",
                "Lists each variable read (secrets masked), where it came from, and a verdict."})
final class EnvCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "BACKEND", completionCandidates = Candidates.BackendNames.class,
            description = "Only the configuration of these backends: ${COMPLETION-CANDIDATES}.")
    List<String> only;

    @Option(names = "--strict", description = "Warnings count as failures (exit 1).")
    boolean strict;

    @picocli.CommandLine.Mixin
    ComposeOptions compose;

    @Override
    public Integer call() {
        boolean fromCompose = compose.active();
        AppContext app = fromCompose ? compose.apply(root.context()) : root.context();
        Invocation run = Invocation.start(app, root.global, spec, Map.of(), compose.projectIfActive(root.context()));
        CheckResult env = run.explained(new CheckRunner(root.context().clock()).run(List.of(new EnvCheck(
                Backends.reviews(BackendSelection.of(only, null)), fromCompose ? compose.problems(root.context()) : List.of())),
                run.checkContext())).get(0);
        RunReport report = run.report(List.of(env));
        if (!run.json() && !root.global.quiet) {
            run.textReport().renderVariables(env, run.out());
        }
        run.render(report);
        return ExitCodes.of(report, strict);
    }
}
