package io.tracecheck.registry;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Settings;
import io.tracecheck.honeycomb.HoneycombTrace;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.trace.TraceLookup;
import io.tracecheck.xray.XrayTrace;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The places a trace is read from, one entry each, and the one a user expects when they name none:
 * what {@code trace --source} and {@code propagation --source} choose between.
 */
public final class TraceSources {
    /** Where to read traces. */
    public enum Source { listen, honeycomb, xray }

    /** How far back Honeycomb is asked about a request just made. */
    private static final Duration RECENT = Duration.ofMinutes(10);

    private TraceSources() {
    }

    /** The lookup for a source; {@code listenUrl} overrides where listen is looked for. */
    public static TraceLookup lookup(Source source, CheckContext context, Optional<URI> listenUrl, Duration since) {
        return switch (source) {
            case listen -> new ListenTraces(listenUrl.orElseGet(() -> listenBase(context.settings())), context);
            case honeycomb -> HoneycombTrace.lookup(context, since);
            case xray -> XrayTrace.lookup(context);
        };
    }

    /** The source named, else listen when only --listen-url names it, else {@link #defaultSource}. */
    public static Source choose(Optional<Source> named, Optional<URI> listenUrl, Settings settings) {
        return named.orElseGet(() -> listenUrl.isPresent() ? Source.listen : defaultSource(settings));
    }

    /**
     * The lookup a check of a request just made uses (propagation): the source as {@link #choose}
     * picks it when the check runs, Honeycomb asked about the last {@link #RECENT}.
     */
    public static Function<CheckContext, TraceLookup> forRecentRequest(Optional<Source> named, Optional<URI> listenUrl) {
        return context -> lookup(choose(named, listenUrl, context.settings()), context, listenUrl, RECENT);
    }

    /**
     * The source a user expects without --source: listen when they pointed something at a local
     * address (or configured nothing, the case of a first try with {@code tracecheck listen}),
     * Honeycomb when they have its key, X-Ray when they configured AWS. See docs/decisions.md.
     */
    public static Source defaultSource(Settings settings) {
        if (localEndpoint(settings).isPresent()) {
            return Source.listen;
        }
        if (settings.isSet(KnownVariable.HONEYCOMB_API_KEY)) {
            return Source.honeycomb;
        }
        for (KnownVariable aws : List.of(KnownVariable.AWS_XRAY_DAEMON_ADDRESS, KnownVariable.AWS_REGION,
                KnownVariable.AWS_DEFAULT_REGION, KnownVariable.AWS_PROFILE, KnownVariable.AWS_ACCESS_KEY_ID)) {
            if (settings.isSet(aws)) {
                return Source.xray;
            }
        }
        return Source.listen;
    }

    /** listen's HTTP base URL: the local endpoint of the configuration, else listen's default port. */
    public static URI listenBase(Settings settings) {
        return localEndpoint(settings).orElse(URI.create("http://127.0.0.1:" + ListenOptions.DEFAULT_HTTP_PORT));
    }

    /** The first endpoint of the configuration on this machine, as listen's HTTP base URL. */
    private static Optional<URI> localEndpoint(Settings settings) {
        // listen serves the Honeycomb and AWS APIs on its HTTP port; an OTLP endpoint may be its gRPC port
        for (KnownVariable variable : List.of(KnownVariable.HONEYCOMB_API_ENDPOINT, KnownVariable.AWS_ENDPOINT_URL,
                KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, KnownVariable.OTEL_EXPORTER_OTLP_ENDPOINT)) {
            Optional<URI> local = settings.text(variable).flatMap(TraceSources::uri).filter(TraceSources::loopback);
            if (local.isPresent()) {
                URI uri = local.get();
                int port = uri.getPort() == ListenOptions.DEFAULT_GRPC_PORT ? ListenOptions.DEFAULT_HTTP_PORT : uri.getPort();
                return Optional.of(URI.create("http://" + uri.getRawAuthority().replaceAll(":\\d+$", "")
                        + (port > 0 ? ":" + port : ":" + ListenOptions.DEFAULT_HTTP_PORT)));
            }
        }
        return Optional.empty();
    }

    public static Optional<URI> uri(String text) {
        try {
            URI uri = URI.create(text.strip());
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A name or address of this machine, never resolved through DNS. */
    private static boolean loopback(URI uri) {
        String host = uri.getHost().replaceAll("^\\[|]$", "").toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
