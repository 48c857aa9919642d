package io.tracecheck.cli;

import io.tracecheck.core.ReadBack;
import io.tracecheck.propagation.PropagationCheck;
import io.tracecheck.registry.TraceSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = PropagationCheck.NAME, sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Does one request from the browser make one trace with the backend?",
                "Sends the browser's CORS preflight for traceparent, then a request carrying a fresh trace context,",
                "and looks the backend's span up: joined to it, in a trace of its own, or nowhere."})
final class PropagationCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "A backend route the frontend calls (default: TRACECHECK_APP_URL).")
    String url;

    @Option(names = "--origin", paramLabel = "ORIGIN", description = {"The frontend's origin (default: the workspace's",
            "port 3000 URL in Gitpod, else http://localhost:3000)."})
    String origin;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "The request's method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--data", paramLabel = "BODY", description = "A body to send (JSON when it starts with { or [).")
    String data;

    @Option(names = "--source", paramLabel = "SOURCE", description = {"Where to look the backend's span up: ${COMPLETION-CANDIDATES}",
            "(default: listen when an endpoint of the configuration is local, else honeycomb with a key, else xray)."})
    TraceSources.Source source;

    @Option(names = "--listen-url", paramLabel = "URL", description = "A running listen's HTTP port (default: the local "
            + "endpoint of the configuration, else http://127.0.0.1:4318).")
    String listenUrl;

    @Option(names = "--no-verify", description = "Stop after the request: do not look the backend's span up.")
    boolean noVerify;

    @Option(names = "--verify-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to look for the backend's span (default: ${DEFAULT-VALUE}).")
    Duration verifyTimeout;

    @Override
    public Integer call() {
        Map<String, String> flags = new HashMap<>();
        if (url != null) {
            flags.put("TRACECHECK_APP_URL", url);
        }
        Invocation run = Invocation.start(root.context(), root.global, spec, flags);
        Optional<URI> listen = Optional.ofNullable(listenUrl).map(u -> TraceSources.uri(u).orElseThrow(() -> new CliException(
                ExitCodes.USAGE, "--listen-url '" + u + "' is not a URL: use e.g. http://127.0.0.1:4318")));
        return run.runChecks(List.of(new PropagationCheck(new PropagationCheck.Options(Optional.ofNullable(origin), method,
                Optional.ofNullable(data), new ReadBack(!noVerify, verifyTimeout),
                TraceSources.forRecentRequest(Optional.ofNullable(source), listen)))), false);
    }
}
