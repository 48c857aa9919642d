package io.tracecheck.cli;

import io.tracecheck.listen.ExportLines;
import io.tracecheck.listen.JsonlSink;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LiveView;
import io.tracecheck.listen.LocalBackends;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "listen", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the local backends and show what your app sends, live.",
                "OTLP over HTTP (4318) and gRPC (4317), the X-Ray daemon's UDP port (2000), and Honeycomb's, AWS's",
                "and Rollbar's APIs. Point an app at it with the printed export lines (or --print-env)."})
final class ListenCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 to accept from containers).")
    String host;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "4318",
            description = "OTLP/HTTP and the REST APIs (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int httpPort;

    @Option(names = "--grpc-port", paramLabel = "PORT", defaultValue = "4317",
            description = "OTLP/gRPC (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--udp-port", paramLabel = "PORT", defaultValue = "2000",
            description = "X-Ray daemon protocol over UDP (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--print-env", description = "Print only the export lines that point an app here, and exit.")
    boolean printEnv;

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
        if (printEnv) {
            if (httpPort == 0 || udpPort == 0) {
                throw new CliException(ExitCodes.USAGE, "--print-env needs fixed ports: with 0 a later listen would "
                        + "bind other ones, and the lines would be wrong");
            }
            ExportLines.of(options, httpPort, grpcPort, udpPort).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        // the view and the file listen before any port is bound: no early arrival goes unseen
        Store store = new Store(options.maxItems());
        boolean interrupted = false;
        try (TerminalWidth width = TerminalWidth.of(root.context().tty() && !run.json(), run.terminalWidth())) {
            LiveView view = new LiveView(run.json() ? run.err() : out, run.style(), root.global.quiet || run.json(),
                    width, store, ZoneId.systemDefault());
            JsonlSink sink = jsonl == null ? null : openJsonl(jsonl);
            store.onArrival(view);
            if (sink != null) {
                store.onArrival(sink);
            }
            try (LocalBackends backends = start(options, store)) {
                banner(backends, run);
                StopSignal stop = StopSignal.install();
                try {
                    stop.await(runFor);
                } catch (InterruptedException e) {
                    // an interrupt of the thread running listen (an embedding caller, a test) is a stop
                    interrupted = true;
                } finally {
                    store.removeListener(view);
                    view.close();
                    if (sink != null) {
                        sink.close();
                    }
                    stop.release();
                }
            } catch (CliException | IOException e) {
                view.quietClose();
                if (sink != null) {
                    sink.close();
                }
                throw e;
            }
        }
        if (interrupted) {
            // set again only now: the closing joins above would have given up at once
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private LocalBackends start(ListenOptions options, Store store) throws IOException {
        try {
            return LocalBackends.start(options, root.context().clock(), store);
        } catch (LocalBackends.PortInUse e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
    }

    private static JsonlSink openJsonl(Path file) {
        try {
            return new JsonlSink(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "--jsonl " + file + ": cannot be written (" + e.getMessage() + ")");
        }
    }

    private void banner(LocalBackends backends, Invocation run) {
        if (root.global.quiet) {
            return;
        }
        PrintWriter out = run.json() ? run.err() : run.out();
        out.println("tracecheck listen: local backends up" + (runFor == null ? " (Ctrl-C to stop)" : " for " + runFor.toSeconds() + "s"));
        out.println("  OTLP/HTTP  " + backends.httpBaseUrl() + "   POST /v1/traces, /v1/logs, /v1/metrics (protobuf or JSON)");
        out.println("  OTLP/gRPC  " + backends.grpcUrl() + "   TraceService, LogsService, MetricsService Export");
        out.println("  X-Ray      udp " + backends.host() + ":" + backends.udpPort() + "   daemon protocol");
        out.println("  Honeycomb  " + backends.httpBaseUrl() + "   GET /1/auth, Query Data API; OTLP with x-honeycomb-team");
        out.println("Honeycomb keys accepted (the local backend's own test keys):");
        backends.options().honeycombKeys().forEach(key -> out.println("  " + key.describe()));
        out.println("  Rollbar    " + backends.httpBaseUrl() + "   POST /api/1/item/, GET /api/1/item_by_uuid");
        out.println("Rollbar tokens accepted (the local backend's own test tokens):");
        backends.options().rollbarTokens().forEach(token -> out.println("  " + token.describe()));
        out.println("Point an app here:");
        ExportLines.of(backends.options(), backends.httpPort(), backends.grpcPort(), backends.udpPort())
                .forEach(line -> out.println("  " + line));
        out.println();
        out.flush();
    }

    /**
     * Ctrl-C (SIGINT) or SIGTERM, through a shutdown hook, or the end of --for. The hook holds the
     * JVM until {@link #release()}, so the summary is printed and the JSONL file closed first.
     */
    private static final class StopSignal {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Thread hook = new Thread(this::onShutdown, "tracecheck-listen-stop");

        static StopSignal install() {
            StopSignal signal = new StopSignal();
            Runtime.getRuntime().addShutdownHook(signal.hook);
            return signal;
        }

        private void onShutdown() {
            stop.countDown();
            try {
                released.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void await(Duration limit) throws InterruptedException {
            if (limit == null) {
                stop.await();
            } else {
                stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void release() {
            released.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what woke us; it returns now
            }
        }
    }
}
