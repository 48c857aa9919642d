package io.tracecheck.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "tracecheck", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Is my telemetry actually getting where it should?",
                "Checks Honeycomb (OTLP), AWS X-Ray, CloudWatch Logs and Rollbar configuration and connections."},
        footer = {"", "Start with: tracecheck doctor --local (no account needed), then tracecheck doctor.",
                "Exit codes: 0 nothing failed; 1 a check failed (or warned, with --strict); 2 usage error;",
                "3 nothing could be checked (no backend configured); 4 internal error."})
public final class TracecheckCommand implements Callable<Integer> {
    private final AppContext context;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    public TracecheckCommand(AppContext context) {
        this.context = context;
    }

    AppContext context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
