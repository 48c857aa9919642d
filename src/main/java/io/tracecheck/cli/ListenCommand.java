package io.tracecheck.cli;

import io.tracecheck.listen.ExportLines;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.ListenSession;
import io.tracecheck.listen.LiveView;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.QuietTraces;
import io.tracecheck.listen.Reachable;
import io.tracecheck.listen.Replay;
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
            description = {"Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 to accept from containers:",
                    "every port and the trace pages are then open to the network, with no access control)."})
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

    @Option(names = "--replay", paramLabel = "FILE",
            description = {"Load a recording into the store at start (repeatable): a --jsonl file, or OTLP JSON as the",
                    "OpenTelemetry Collector's file exporter writes it; gzip too. Its traces can then be queried and viewed."})
    List<Path> replay;

    @Option(names = "--print-env", paramLabel = "WHAT", arity = "0..1", fallbackValue = "all",
            description = "Print only the export lines that point an app here, and exit (for eval). WHAT: all (the default: "
                    + "endpoints and listen's own test keys) or endpoints (keeps the shell's own keys).")
    String printEnv;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after DURATION (for scripts); otherwise run until Ctrl-C.")
    Duration runFor;

    @Option(names = "--no-waterfalls", negatable = false,
            description = "Do not draw each trace's waterfall in the live view once it has been quiet for 2 s.")
    boolean noWaterfalls;

    @Override
    public Integer call() throws Exception {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        for (int port : new int[] {httpPort, grpcPort, udpPort}) {
            if (port < 0 || port > 65_535) {
                throw new CliException(ExitCodes.USAGE, "port " + port + " is out of range (0 to 65535)");
            }
        }
        checkHost(host);
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
            // a key or token given with a flag is named by its variable, never printed: see ExportLines
            ExportLines.of(options, reachable.host(), httpPort, udpPort, scope, root.context().env()).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        checkReplayFiles();
        // the view and the file listen before any port is bound: no early arrival goes unseen
        Store store = new Store(options.maxItems());
        PrintWriter err = run.err();
        ListenSession.Stop stop;
        boolean incomplete;
        try (TerminalWidth width = TerminalWidth.of(root.context().tty() && !run.json(), run.terminalWidth());
             ListenSession session = new ListenSession(store, new LiveView(run.json() ? err : out, run.style(),
                     root.global.quiet || run.json(), width, store, ZoneId.systemDefault(), noWaterfalls ? null
                     : new QuietTraces(store, root.context().clock(), QuietTraces.QUIET, QuietTraces.MAX_PENDING, run.style(), width)))) {
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
            // loaded before the ports open: whoever queries the running listen finds the recording whole
            List<Replay.Result> replayed = replay(store, options, problems);
            try {
                banner(session.start(options, root.context().clock()), reachable, run);
            } catch (LocalBackends.PortInUse e) {
                throw new CliException(ExitCodes.FAILED, e.getMessage());
            }
            if (!root.global.quiet) {
                PrintWriter view = run.json() ? err : out;
                replayed.forEach(result -> view.println(result.summary()));
                view.flush();
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

    /**
     * Every --replay file is there, regular and readable, and none is the --jsonl file: that one is
     * truncated when recording starts, so listen would erase the recording it was asked to load.
     */
    private void checkReplayFiles() {
        if (replay == null) {
            return;
        }
        for (Path file : replay) {
            try {
                Replay.check(file);
            } catch (Replay.Unusable e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            if (jsonl != null && sameFile(file, jsonl)) {
                throw new CliException(ExitCodes.USAGE, "--replay " + file + " is also the --jsonl file, which recording "
                        + "would empty before it is read; record to another file (both can be replayed later: "
                        + "--replay " + file + " --replay NEW.jsonl)");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return java.nio.file.Files.exists(b) && java.nio.file.Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** Loads every --replay file; a skipped line is a problem on stderr, a file with no usable line a usage error. */
    private List<Replay.Result> replay(Store store, ListenOptions options, java.util.function.Consumer<String> problems) {
        if (replay == null) {
            return List.of();
        }
        List<Replay.Result> results = new java.util.ArrayList<>();
        for (Path file : replay) {
            try {
                Replay.Result result = Replay.load(file, store, options, root.context().clock());
                result.problems().forEach(problems);
                results.add(result);
            } catch (Replay.Unusable e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
        return results;
    }

    /**
     * {@code --host} names an address of this machine: a name that does not resolve, or an address
     * that is not here (which the bind reports as "cannot assign requested address"), is a usage
     * error saying so, before any port is tried.
     */
    static void checkHost(String host) {
        String name = host == null ? "" : host.strip();
        if (name.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--host needs an address: 127.0.0.1 (the default), 0.0.0.0, or one of "
                    + "this machine's addresses");
        }
        java.net.InetAddress address;
        try {
            if (name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.invalid\\.?")) {
                // RFC 6761: such a name never resolves, so no resolver is asked
                throw new java.net.UnknownHostException(name);
            }
            address = java.net.InetAddress.getByName(name);
        } catch (java.net.UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--host " + name + ": not an address, and no such host name resolves "
                    + "here; give an address of this machine, such as 127.0.0.1 or 0.0.0.0");
        }
        boolean here;
        try {
            here = address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.net.SocketException unknown) {
            here = true; // cannot tell: let the bind say
        }
        if (!here) {
            throw new CliException(ExitCodes.USAGE, "--host " + name + " is not an address of this machine, so nothing can "
                    + "listen on it; use 127.0.0.1, 0.0.0.0 (every address) or one of this machine's own");
        }
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
        ExportLines.of(backends.options(), reachable.host(), backends.httpPort(), backends.udpPort(), ExportLines.Scope.ALL,
                        root.context().env())
                .forEach(line -> out.println("  " + line));
        out.println();
        out.flush();
    }
}
