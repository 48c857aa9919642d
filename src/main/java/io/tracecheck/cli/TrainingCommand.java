package io.tracecheck.cli;

import io.tracecheck.listen.ExportLines;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Hidden: the workload the launcher runs once, in the background, to train the class-data-sharing
 * archive. It runs the everyday commands in one JVM, the backend checks against local backends
 * started in process on free loopback ports, so that their classes all land in the archive. It
 * sends nothing anywhere else.
 */
@Command(name = "cds-training", hidden = true)
final class TrainingCommand implements Callable<Integer> {
    private static final List<List<String>> OFFLINE = List.of(
            List.of("env"), List.of("env", "-o", "json"), List.of("doctor"), List.of("doctor", "-o", "json"),
            List.of("explain", "--list"), List.of("explain", "config.missing"), List.of("--help"),
            List.of("env", "--timeout", "bogus"));

    @ParentCommand
    TracecheckCommand root;

    @Override
    public Integer call() throws Exception {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        // never the user's environment: doctor would send probes to their real backends
        Map<String, String> empty = Map.of("HOME", "/nonexistent", "AWS_EC2_METADATA_DISABLED", "true");
        for (List<String> args : OFFLINE) {
            run(nowhere, empty, args);
        }
        // a workspace with ~/.aws/config: env then parses it with the SDK's profile reader
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("tracecheck-cds-");
        try {
            java.nio.file.Path config = java.nio.file.Files.createDirectories(home.resolve(".aws")).resolve("config");
            java.nio.file.Files.writeString(config, "[default]\nregion = us-east-1\n");
            run(nowhere, Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true"), List.of("env"));
        } finally {
            java.nio.file.Files.deleteIfExists(home.resolve(".aws/config"));
            java.nio.file.Files.deleteIfExists(home.resolve(".aws"));
            java.nio.file.Files.deleteIfExists(home);
        }
        try (LocalBackends local = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            Map<String, String> env = new HashMap<>(Map.of("HOME", "/nonexistent", "AWS_EC2_METADATA_DISABLED", "true",
                    "OTEL_SERVICE_NAME", "cds-training"));
            env.putAll(ExportLines.environment(local));
            run(nowhere, env, List.of("doctor", "--local"));
            run(nowhere, env, List.of("honeycomb", "--verify", "--verify-timeout", "5s"));
            run(nowhere, env, List.of("honeycomb", "-o", "json"));
            run(nowhere, env, List.of("rollbar", "--verify", "--verify-timeout", "5s"));
            run(nowhere, env, List.of("xray", "--verify", "--verify-timeout", "5s"));
            run(nowhere, env, List.of("logs", "--create", "--verify", "--verify-timeout", "5s"));
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", local.grpcUrl());
            env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
            run(nowhere, env, List.of("honeycomb"));
        }
        return ExitCodes.OK;
    }

    private static void run(PrintWriter out, Map<String, String> env, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        CommandLines.create(out, out, env, false, argv).execute(argv);
    }
}
