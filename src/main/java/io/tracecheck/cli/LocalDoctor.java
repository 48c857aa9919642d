package io.tracecheck.cli;

import io.tracecheck.core.Check;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.KnownVariable.Group;
import io.tracecheck.core.RunReport;
import io.tracecheck.listen.ExportLines;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * {@code doctor --local}: the local backends in process on free loopback ports, every check pointed
 * at them with their own test credentials (none of the user's configuration is read), read-back on.
 * It shows what a working setup looks like, with no account and no network.
 */
final class LocalDoctor {
    private LocalDoctor() {
    }

    static int run(AppContext app, GlobalOptions options, CommandSpec spec, Function<Invocation, List<Check>> checks,
                   java.nio.file.Path junit, boolean strict) {
        // The ports first, a few milliseconds: the checks are set up and run with them while the server is built
        // and started on its own thread. A check that reaches a port before it serves waits in the kernel's backlog.
        LocalBackends.Bound bound;
        try {
            bound = LocalBackends.bind(ListenOptions.ephemeral(), app.clock());
        } catch (LocalBackends.PortInUse | IOException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot start the local backends: " + e.getMessage(), e);
        }
        FutureTask<LocalBackends> serving = new FutureTask<>(bound::serve);
        Thread starter = new Thread(serving, "tracecheck-local-backends");
        starter.setDaemon(true);
        starter.start();
        try {
            // kept from the user's environment: how to print, never what to check
            Map<String, String> env = new HashMap<>(KnownVariable.subset(app.env(), Group.TERMINAL));
            env.put(KnownVariable.HOME.name(), "/nonexistent-tracecheck-local");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put(KnownVariable.OTEL_SERVICE_NAME.name(), "tracecheck-local");
            env.putAll(ExportLines.environment(bound));
            AppContext local = new AppContext(env, app.redactor(), app.tty(), app.clock());
            // the user's --env-file is part of "the user's environment": local mode ignores it
            GlobalOptions localOptions = options.withoutEnvFile();
            Invocation run = Invocation.start(local, localOptions, spec, Map.of());
            RunReport report = run.report(run.runWithProgress(checks.apply(run)));
            // backends that could not start fail the run, as they did when the checks waited for them
            LocalBackends backends = served(serving);
            run.render(report);
            run.writeJunit(report, strict, junit);
            PrintWriter where = run.json() ? run.err() : run.out();
            where.println("local backends: " + backends.httpBaseUrl() + " (HTTP APIs, OTLP/HTTP), " + backends.grpcUrl()
                    + " (OTLP/gRPC), udp " + backends.host() + ":" + backends.udpPort() + " (X-Ray daemon); stopped");
            where.flush();
            return ExitCodes.of(report, strict);
        } finally {
            stop(serving, bound);
        }
    }

    private static LocalBackends served(FutureTask<LocalBackends> serving) {
        try {
            return serving.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERNAL, "interrupted while starting the local backends", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw new CliException(ExitCodes.INTERNAL, "cannot start the local backends: " + cause.getMessage(), cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CliException(ExitCodes.INTERNAL, "cannot start the local backends: " + cause, cause);
        }
    }

    /** Stops the server once its start has ended, whatever happened meanwhile; a failed start closed its ports itself. */
    private static void stop(FutureTask<LocalBackends> serving, LocalBackends.Bound bound) {
        try {
            serving.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bound.close();
        } catch (ExecutionException e) {
            bound.close();
        }
    }
}
