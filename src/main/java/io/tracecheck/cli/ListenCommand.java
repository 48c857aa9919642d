package io.tracecheck.cli;

import io.tracecheck.listen.ExportLines;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.ListenSession;
import io.tracecheck.listen.LiveView;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.Reachable;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "listen", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the local backends and show what your app sends, live: every request, refused ones with the cause.",
                "OTLP over HTTP (4318) and gRPC (4317), the X-Ray daemon (2000: segments over UDP, sampling rules over TCP),",
                "and Honeycomb's, AWS's and Rollbar's APIs. Point an app at it with the printed export lines (or --print-env)."})
final class ListenCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 to accept from containers).")
    String host;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "Address the export lines and the banner print (default: the --host address; for 0.0.0.0, this "
                    + "machine's non-loopback address), e.g. host.docker.internal on Docker Desktop.")
    String advertise;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "4318",
            description = "OTLP/HTTP and the REST APIs (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int httpPort;

    @Option(names = "--grpc-port", paramLabel = "PORT", defaultValue = "4317",
            description = "OTLP/gRPC (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--udp-port", paramLabel = "PORT", defaultValue = "2000",
            description = "The X-Ray daemon's port: segments over UDP, sampling rules over TCP (default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--max-items", paramLabel = "N", defaultValue = "10000",
            description = "Items (spans, segments, log records) kept in memory; the oldest are evicted (default: ${DEFAULT-VALUE}).")
    int maxItems;

    @Option(names = "--body-limit", paramLabel = "SIZE", defaultValue = "20MiB", converter = SizeConverter.class,
            description = "Largest request body, after decompression; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long bodyLimit;

    @Option(names = "--honeycomb-key", paramLabel = "KEY[:KIND[:PERMS]]",
            description = {"A Honeycomb key to accept (repeatable; replaces the built-in ones). KIND: ingest,",
                    "configuration, classic, classic-ingest; PERMS: events+queries+… (Honeycomb's names)."})
    List<String> honeycombKeys;

    @Option(names = "--require-honeycomb-auth",
            description = "Refuse OTLP without an x-honeycomb-team header, as Honeycomb does (401).")
    boolean requireHoneycombAuth;

    @Option(names = "--rollbar-token", paramLabel = "TOKEN[:SCOPES]",
            description = {"A Rollbar project token to accept (repeatable; replaces the built-in ones).",
                    "SCOPES: post_server_item+post_client_item+read+write (default post_server_item)."})
    List<String> rollbarTokens;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "Also write every arrival to FILE, one JSON object per line.")
    Path jsonl;

    @Option(names = "--print-env", paramLabel = "WHAT", arity = "0..1", fallbackValue = "all",
            description = "Print only the export lines that point an app here, and exit (for eval). WHAT: all (the default: "
                    + "endpoints and listen's own test keys) or endpoints (keeps the shell's own keys).")
    String printEnv;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after DURATION (for scripts); otherwise run until Ctrl-C.")
    Duration runFor;

    @Override
    public Integer call() throws Exception {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        for (int port : new int[] {httpPort, grpcPort, udpPort}) {
            if (port < 0 || port > 65_535) {
                throw new CliException(ExitCodes.USAGE, "port " + port + " is out of range (0 to 65535)");
            }
        }
        ListenOptions options;
        try {
            List<AcceptedKey> keys = honeycombKeys == null ? null : honeycombKeys.stream().map(AcceptedKey::parse).toList();
            List<AcceptedToken> tokens = rollbarTokens == null ? null
                    : rollbarTokens.stream().map(AcceptedToken::parse).toList();
            options = new ListenOptions(host, httpPort, grpcPort, udpPort, maxItems, bodyLimit,
                    ListenOptions.DEFAULT_IDLE_TIMEOUT, keys, requireHoneycombAuth, tokens);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        PrintWriter out = run.out();
        Reachable reachable = Reachable.of(host, advertise);
        if (printEnv != null) {
            ExportLines.Scope scope = switch (printEnv.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "all", "" -> ExportLines.Scope.ALL;
                case "endpoints" -> ExportLines.Scope.ENDPOINTS;
                default -> throw new CliException(ExitCodes.USAGE, "--print-env takes all or endpoints, not '" + printEnv + "'");
            };
            if (httpPort == 0 || udpPort == 0) {
                throw new CliException(ExitCodes.USAGE, "--print-env needs fixed ports: with 0 a later listen would "
                        + "bind other ones, and the lines would be wrong");
            }
            // comments: eval skips them, a reader learns which address and what was left alone
            if (!reachable.note().isEmpty()) {
                out.println("# " + reachable.host() + ": " + reachable.note());
            }
            if (scope == ExportLines.Scope.ENDPOINTS) {
                out.println("# endpoints only: the shell's own keys and region stay as they are; listen accepts only its "
                        + "own test keys unless given --honeycomb-key or --rollbar-token");
            }
            ExportLines.of(options, reachable.host(), httpPort, udpPort, scope).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        // the view and the file listen before any port is bound: no early arrival goes unseen
        Store store = new Store(options.maxItems());
        PrintWriter err = run.err();
        ListenSession.Stop stop;
        boolean incomplete;
        try (TerminalWidth width = TerminalWidth.of(root.context().tty() && !run.json(), run.terminalWidth());
             ListenSession session = new ListenSession(store, new LiveView(run.json() ? err : out, run.style(),
                     root.global.quiet || run.json(), width, store, ZoneId.systemDefault()))) {
            java.util.function.Consumer<String> problems = problem -> {
                err.println("tracecheck: " + problem);
                err.flush();
            };
            if (root.global.verbose) {
                store.onProblem(problems); // a receiver's unexpected failure, once per kind
            }
            if (jsonl != null) {
                try {
                    session.recordTo(jsonl, problems);
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "--jsonl " + jsonl + ": cannot be written (" + e.getMessage() + ")");
                }
            }
            if (run.json()) {
                // -o json: every arrival on stdout, one compact object a line; the banner and the counts go to stderr
                session.streamTo(out, "stdout (-o json)", problems);
            }
            if (Reachable.beyondLoopback(host)) {
                // listen has no access control: say so before anything is reachable
                err.println("tracecheck: warning: --host " + host + " makes every port of listen (OTLP, the X-Ray daemon, "
                        + "the AWS, Honeycomb and Rollbar APIs) and its trace pages reachable from the network, with no "
                        + "access control: anyone who can reach this machine can send data and read what arrived. Use "
                        + "--host 127.0.0.1 unless containers or other machines must reach it.");
                err.flush();
            }
            try {
                banner(session.start(options, root.context().clock()), reachable, run);
            } catch (LocalBackends.PortInUse e) {
                throw new CliException(ExitCodes.FAILED, e.getMessage());
            }
            stop = session.await(runFor);
            session.close();
            incomplete = session.recordingIncomplete();
        }
        if (stop == ListenSession.Stop.INTERRUPTED) {
            Thread.currentThread().interrupt(); // handled as a stop; whoever interrupted may still look
        }
        // it served until stopped, but the recording asked for lost lines: see docs/decisions.md
        return incomplete ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private void banner(LocalBackends backends, Reachable reachable, Invocation run) {
        if (root.global.quiet) {
            return;
        }
        PrintWriter out = run.json() ? run.err() : run.out();
        String urlHost = reachable.host().contains(":") ? "[" + reachable.host() + "]" : reachable.host();
        String base = "http://" + urlHost + ":" + backends.httpPort();
        out.println("tracecheck listen: local backends up" + (runFor == null ? " (Ctrl-C to stop)" : " for " + runFor.toSeconds() + "s"));
        if (!reachable.note().isEmpty()) {
            out.println("  bound to " + backends.host() + "; addresses below use " + reachable.host() + ", " + reachable.note());
        }
        out.println("  OTLP/HTTP  " + base + "   POST /v1/traces, /v1/logs, /v1/metrics (protobuf or JSON)");
        out.println("  OTLP/gRPC  http://" + urlHost + ":" + backends.grpcPort() + "   TraceService, LogsService, MetricsService Export");
        out.println("  X-Ray      " + urlHost + ":" + backends.udpPort() + "   daemon: segments over UDP, sampling rules over TCP");
        out.println("  Honeycomb  " + base + "   GET /1/auth, Query Data API; OTLP with x-honeycomb-team");
        out.println("Honeycomb keys accepted (the local backend's own test keys):");
        backends.options().honeycombKeys().forEach(key -> out.println("  " + key.describe()));
        out.println("  Rollbar    " + base + "   POST /api/1/item/, GET /api/1/item_by_uuid");
        out.println("Rollbar tokens accepted (the local backend's own test tokens):");
        backends.options().rollbarTokens().forEach(token -> out.println("  " + token.describe()));
        out.println("Point an app here:");
        ExportLines.of(backends.options(), reachable.host(), backends.httpPort(), backends.udpPort(), ExportLines.Scope.ALL)
                .forEach(line -> out.println("  " + line));
        out.println();
        out.flush();
    }
}
