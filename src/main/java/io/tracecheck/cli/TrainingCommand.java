package io.tracecheck.cli;

import io.tracecheck.listen.ExportLines;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Hidden: the workload the launcher runs in the background to train a class-data-sharing archive.
 * Without {@code --command} it runs every everyday command in one JVM, the backend checks against
 * local backends started in process, for the archive every other command shares. With
 * {@code --command NAME} it runs only that command's workload, against local backends served by a
 * child process ({@code --serve}), so that the command's own archive holds its classes and not the
 * backends' (docs/decisions.md, "One archive per everyday command"). It sends nothing anywhere else.
 */
@Command(name = "cds-training", hidden = true)
final class TrainingCommand implements Callable<Integer> {
    /**
     * The commands that get an archive of their own, and what trains it. The launcher's list of
     * these names (scripts/tracecheck) must be the same; TrainingCommandTest holds them together.
     */
    static final Map<String, List<List<String>>> OWN_ARCHIVE = ownArchives();
    private static final List<List<String>> OFFLINE = List.of(
            List.of("env"), List.of("env", "-o", "json"), List.of("doctor"), List.of("doctor", "-o", "json"),
            List.of("explain", "--list"), List.of("explain", "config.missing"), List.of("--help"),
            List.of("env", "--timeout", "bogus"));
    private static final String GRPC_LINE = "TRACECHECK_TRAINING_GRPC_URL";

    @Option(names = "--command", description = "Train only this command's archive.")
    String command;

    @Option(names = "--serve", description = "Serve local backends, print their variables, stop at the end of stdin.")
    boolean serve;

    @Spec
    CommandSpec spec;

    private static Map<String, List<List<String>>> ownArchives() {
        Map<String, List<List<String>>> workloads = new LinkedHashMap<>();
        workloads.put("env", List.of(List.of("env"), List.of("env", "-o", "json")));
        workloads.put("honeycomb", List.of(List.of("honeycomb"), List.of("honeycomb", "--verify", "--verify-timeout", "5s"),
                List.of("honeycomb", "-o", "json")));
        workloads.put("xray", List.of(List.of("xray"), List.of("xray", "--via", "api"),
                List.of("xray", "--verify", "--verify-timeout", "5s"), List.of("xray", "-o", "json")));
        workloads.put("logs", List.of(List.of("logs"), List.of("logs", "--create", "--verify", "--verify-timeout", "5s")));
        workloads.put("rollbar", List.of(List.of("rollbar"), List.of("rollbar", "--verify", "--verify-timeout", "5s")));
        workloads.put("doctor", List.of(List.of("doctor"), List.of("doctor", "-o", "json"), List.of("doctor", "--local"),
                List.of("doctor", "--local", "-o", "json")));
        return Map.copyOf(workloads);
    }

    @Override
    public Integer call() throws Exception {
        if (serve) {
            return serve();
        }
        if (command != null) {
            List<List<String>> workload = OWN_ARCHIVE.get(command);
            if (workload == null) {
                throw new CliException(ExitCodes.USAGE, "cds-training: no workload for " + command + "; known: " + OWN_ARCHIVE.keySet());
            }
            trainOne(workload);
            return ExitCodes.OK;
        }
        trainAll();
        return ExitCodes.OK;
    }

    private void trainAll() throws IOException, LocalBackends.PortInUse {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (List<String> args : OFFLINE) {
            run(nowhere, offline(), args);
        }
        withAwsConfig(home -> run(nowhere, Map.of("HOME", home, "AWS_EC2_METADATA_DISABLED", "true"), List.of("env")));
        try (LocalBackends local = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            Map<String, String> env = online(ExportLines.environment(local));
            run(nowhere, env, List.of("doctor", "--local"));
            run(nowhere, env, List.of("honeycomb", "--verify", "--verify-timeout", "5s"));
            run(nowhere, env, List.of("honeycomb", "-o", "json"));
            run(nowhere, env, List.of("rollbar", "--verify", "--verify-timeout", "5s"));
            run(nowhere, env, List.of("xray", "--verify", "--verify-timeout", "5s"));
            run(nowhere, env, List.of("logs", "--create", "--verify", "--verify-timeout", "5s"));
            run(nowhere, grpc(env, local.grpcUrl()), List.of("honeycomb"));
        }
    }

    /**
     * One command's workload: offline (no variables), with a ~/.aws/config, and against the backends a
     * child process serves, over OTLP/HTTP and over gRPC.
     */
    private void trainOne(List<List<String>> workload) throws IOException {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        ProcessBuilder serving = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.tracecheck.App", "cds-training", "--serve")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // none of the user's variables: their keys would be masked in what it prints, should one equal a local key
        serving.environment().clear();
        Process backends = serving.start();
        try {
            Map<String, String> served = new HashMap<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(backends.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    served.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            String grpcUrl = served.remove(GRPC_LINE);
            for (List<String> args : workload) {
                run(nowhere, offline(), args);
                if (!served.isEmpty()) {
                    Map<String, String> env = online(served);
                    run(nowhere, env, args);
                    if (grpcUrl != null && args.get(0).equals("honeycomb")) {
                        run(nowhere, grpc(env, grpcUrl), args);
                    }
                }
            }
            withAwsConfig(home -> run(nowhere, Map.of("HOME", home, "AWS_EC2_METADATA_DISABLED", "true"), workload.get(0)));
        } finally {
            backends.getOutputStream().close();
            backends.destroy();
        }
    }

    /** {@code --serve}: local backends on free loopback ports until stdin ends; their variables first, then a blank line. */
    private int serve() throws IOException, LocalBackends.PortInUse {
        try (LocalBackends local = LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC())) {
            PrintWriter out = spec.commandLine().getOut();
            ExportLines.environment(local).forEach((name, value) -> out.println(name + "=" + value));
            out.println(GRPC_LINE + "=" + local.grpcUrl());
            out.println();
            out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return ExitCodes.OK;
    }

    private static Map<String, String> offline() {
        // never the user's environment: doctor would send probes to their real backends
        return Map.of("HOME", "/nonexistent", "AWS_EC2_METADATA_DISABLED", "true");
    }

    private static Map<String, String> online(Map<String, String> backends) {
        Map<String, String> env = new HashMap<>(offline());
        env.put("OTEL_SERVICE_NAME", "cds-training");
        env.putAll(backends);
        return env;
    }

    private static Map<String, String> grpc(Map<String, String> env, String grpcUrl) {
        Map<String, String> over = new HashMap<>(env);
        over.put("OTEL_EXPORTER_OTLP_ENDPOINT", grpcUrl);
        over.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        return over;
    }

    /** A workspace with ~/.aws/config: env and the AWS checks then parse it with the SDK's profile reader. */
    private static void withAwsConfig(java.util.function.Consumer<String> work) throws IOException {
        Path home = Files.createTempDirectory("tracecheck-cds-");
        try {
            Path config = Files.createDirectories(home.resolve(".aws")).resolve("config");
            Files.writeString(config, "[default]\nregion = us-east-1\n");
            work.accept(home.toString());
        } finally {
            Files.deleteIfExists(home.resolve(".aws/config"));
            Files.deleteIfExists(home.resolve(".aws"));
            Files.deleteIfExists(home);
        }
    }

    private static void run(PrintWriter out, Map<String, String> env, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        CommandLines.create(out, out, env, false, argv).execute(argv);
    }
}
