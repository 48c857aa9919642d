package io.tracecheck.cli;

import io.tracecheck.xray.XrayCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = XrayCheck.NAME, sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Check AWS X-Ray: credentials, group, a probe segment, sampling, and the path after the X-Ray SDK.",
                "Region, credentials and identity (STS), the group, a probe segment via the daemon (UDP) or the API,",
                "the sampling rule that applies; --verify reads the trace back."})
final class XrayCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--via", paramLabel = "auto|daemon|api|otlp", defaultValue = "auto",
            description = {"otlp: OTLP/HTTP signed with SigV4 to X-Ray's OTLP traces endpoint (needs Transaction Search; "
                    + "--verify reads aws/spans).",
                    "auto: otlp when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT names xray.*.amazonaws.com, else the daemon when "
                            + "AWS_XRAY_DAEMON_ADDRESS is set or one listens on 127.0.0.1:2000, else the API."})
    XrayCheck.Via via;

    @Option(names = "--group", paramLabel = "NAME", description = "X-Ray group to check (default: TRACECHECK_XRAY_GROUP).")
    String group;

    @picocli.CommandLine.Mixin
    ReadBackOptions readBack;

    @Option(names = "--service-name", paramLabel = "NAME", description = "Service (segment) name of the probe (default: OTEL_SERVICE_NAME, else tracecheck).")
    String serviceName;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        return run.runChecks(List.of(new XrayCheck(new XrayCheck.Options(via, Optional.ofNullable(group), readBack.readBack(),
                Optional.ofNullable(serviceName)))), false);
    }
}
