package io.tracecheck.cli;

import io.tracecheck.core.Secret;
import io.tracecheck.rollbar.RollbarCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = RollbarCheck.NAME, sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Check Rollbar: send a probe error item, report its uuid and link.",
                "Sent synchronously with rollbar-java; --verify reads it back with a read token."})
final class RollbarCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    ReadBackOptions readBack;

    @Option(names = "--environment", paramLabel = "NAME", description = "Rollbar environment (default: ROLLBAR_ENVIRONMENT, else development).")
    String environment;

    @Option(names = "--read-token", paramLabel = "TOKEN", description = "A token with the read scope (prefer ROLLBAR_READ_TOKEN: flags show in ps).")
    String readToken;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        Optional<Secret> read = Optional.ofNullable(readToken).map(Secret::of);
        read.ifPresent(root.context().redactor()::register);
        return run.runChecks(List.of(new RollbarCheck(new RollbarCheck.Options(readBack.readBack(),
                Optional.ofNullable(environment), read), VersionProvider.version())), false);
    }
}
