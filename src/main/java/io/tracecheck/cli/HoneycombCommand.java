package io.tracecheck.cli;

import io.tracecheck.honeycomb.HoneycombCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = HoneycombCheck.NAME, sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Check Honeycomb: authenticate the key, send a probe trace, link to it.",
                "The probe goes over OTLP exactly as the app is configured to; --verify reads it back."})
final class HoneycombCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    ReadBackOptions readBack;

    @Option(names = "--service-name", paramLabel = "NAME",
            description = "Service name of the probe (default: OTEL_SERVICE_NAME, else service.name in OTEL_RESOURCE_ATTRIBUTES, else tracecheck).")
    String serviceName;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        return run.runChecks(List.of(new HoneycombCheck(new HoneycombCheck.Options(readBack.readBack(),
                Optional.ofNullable(serviceName)))), false);
    }
}
