package io.tracecheck.cli;

import io.tracecheck.core.Check;
import io.tracecheck.core.EnvCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsProfiles;
import io.tracecheck.core.SkippedCheck;
import io.tracecheck.cwlogs.LogsCheck;
import io.tracecheck.xray.XrayCheck;
import io.tracecheck.honeycomb.HoneycombCheck;
import io.tracecheck.honeycomb.HoneycombConfig;
import io.tracecheck.rollbar.RollbarCheck;
import io.tracecheck.rollbar.RollbarConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
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
            description = "Only these backends: honeycomb, xray, logs, rollbar.")
    List<String> only;

    @Option(names = "--skip", split = ",", paramLabel = "BACKEND", completionCandidates = Candidates.BackendNames.class, description = "Leave these backends out.")
    List<String> skip;

    @Option(names = "--strict", description = "Warnings count as failures (exit 1).")
    boolean strict;

    @picocli.CommandLine.Mixin
    ComposeOptions compose;

    @picocli.CommandLine.Mixin
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

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report (one testcase per check) for CI.")
    java.nio.file.Path junit;

    @Option(names = "--local", description = {"Start the local backends in process, point every check at them",
            "(nothing of your environment is used), run all checks with read-back, stop them."})
    boolean local;

    private List<io.tracecheck.core.Problem> sourceProblems = List.of();

    @Override
    public Integer call() {
        if (local) {
            return LocalDoctor.run(root.context(), root.global, spec, this::checks, junit, strict);
        }
        boolean fromCompose = compose.active();
        Invocation run = Invocation.start(fromCompose ? compose.apply(root.context()) : root.context(), root.global, spec, Map.of());
        sourceProblems = fromCompose ? compose.problems(root.context()) : List.of();
        return run.runChecks(checks(run), strict, junit);
    }

    /** env and every selected backend check: configured ones run, the others are skipped with the reason. */
    List<Check> checks(Invocation run) {
        List<Check> checks = new ArrayList<>();
        checks.add(new EnvCheck(BackendSelection.configs(only, skip), sourceProblems));
        if (BackendSelection.selected("honeycomb", only, skip)) {
            checks.add(HoneycombConfig.isConfigured(run.settings())
                    ? new HoneycombCheck(new HoneycombCheck.Options(local ? readBack.readBack().on() : readBack.readBack(), Optional.ofNullable(serviceName)))
                    : new SkippedCheck(HoneycombCheck.NAME, "not configured: set HONEYCOMB_API_KEY or OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
        if (BackendSelection.selected("xray", only, skip)) {
            checks.add(AwsConfig.isConfigured(run.settings(), AwsProfiles.read(run.settings()))
                    ? new XrayCheck(new XrayCheck.Options(XrayCheck.Via.auto, Optional.ofNullable(group), local ? readBack.readBack().on() : readBack.readBack(),
                    Optional.ofNullable(serviceName)))
                    : new SkippedCheck(XrayCheck.NAME, "not configured: set AWS_REGION and credentials"));
        }
        if (BackendSelection.selected("logs", only, skip)) {
            checks.add(AwsConfig.isConfigured(run.settings(), AwsProfiles.read(run.settings()))
                    ? new LogsCheck(new LogsCheck.Options(Optional.ofNullable(logGroup), Optional.empty(), create || local,
                    local ? readBack.readBack().on() : readBack.readBack()))
                    : new SkippedCheck(LogsCheck.NAME, "not configured: set AWS_REGION and credentials"));
        }
        if (BackendSelection.selected("rollbar", only, skip)) {
            checks.add(RollbarConfig.isConfigured(run.settings())
                    ? new RollbarCheck(new RollbarCheck.Options(local ? readBack.readBack().on() : readBack.readBack(), Optional.ofNullable(environment),
                    Optional.empty()),
                    VersionProvider.version())
                    : new SkippedCheck(RollbarCheck.NAME, "not configured: set ROLLBAR_ACCESS_TOKEN"));
        }
        return checks;
    }
}
