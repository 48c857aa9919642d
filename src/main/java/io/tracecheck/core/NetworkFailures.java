package io.tracecheck.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Failures every backend shares, as problems: the network (DNS, refused, timeout, TLS) and the
 * HTTP statuses no backend gives a meaning of its own (429, 5xx, anything unexpected).
 */
public final class NetworkFailures {
    private static final int EXCERPT = 200;
    private static final String DNS_PREFIX = "cannot resolve the host ";
    /** No variable, no compose project, no Gitpod: the fixes of a plain shell. */
    private static final Settings PLAIN = Settings.of(java.util.Map.of());

    private NetworkFailures() {
    }

    /** A failed connection or exchange with {@code target} (a URL), named by what actually failed. */
    public static Problem of(IOException error, URI target, Duration timeout) {
        return of(error, target, timeout, PLAIN);
    }

    /**
     * The same, with the fix for where the check runs: which variable named the target, a compose service
     * that should be listening, a Gitpod workspace's form of setting a variable.
     */
    public static Problem of(IOException error, URI target, Duration timeout, Settings settings) {
        String within = "within " + Durations.format(timeout);
        return headed(diagnose(error, target, within, settings), error, target, within);
    }

    /**
     * The same, for a call that had what remained of a check's {@code deadline}: a timeout then
     * means the deadline passed, and says which option set it.
     */
    public static Problem of(IOException error, URI target, Deadline deadline) {
        return of(error, target, deadline, PLAIN);
    }

    /** The same, with the fix for where the check runs. */
    public static Problem of(IOException error, URI target, Deadline deadline, Settings settings) {
        String within = "within " + deadline.option();
        return headed(diagnose(error, target, within, settings), error, target, within);
    }

    /**
     * A call that was to go through {@code proxy}, which could not be reached: the failure is the
     * proxy's, named as such (the proxy's URL is the variable's value and may hold credentials, so
     * only its address is shown). {@code alsoUsedBy} says who else uses that proxy ("the app").
     */
    public static Problem throughProxy(IOException failure, ForeignAnswer.Via proxy, URI target, Deadline deadline,
                                       String alsoUsedBy, Fixes fixes) {
        return throughProxy(of(failure, URI.create("http://" + proxy.address()), deadline), proxy, target, alsoUsedBy, fixes);
    }

    /** The same, for a call with a {@code timeout} of its own. */
    public static Problem throughProxy(IOException failure, ForeignAnswer.Via proxy, URI target, Duration timeout,
                                       String alsoUsedBy, Fixes fixes) {
        return throughProxy(of(failure, URI.create("http://" + proxy.address()), timeout), proxy, target, alsoUsedBy, fixes);
    }

    private static Problem throughProxy(Problem atProxy, ForeignAnswer.Via proxy, URI target, String alsoUsedBy, Fixes fixes) {
        String at = "http://" + proxy.address();
        String host = target.getHost();
        String headline = atProxy.headline();
        String proxyHost = URI.create(at).getHost();
        int where = proxyHost == null ? -1 : headline.indexOf(proxyHost);
        headline = where < 0 ? "the proxy " + proxy.address() + ": " + headline
                : headline.substring(0, where) + "the proxy " + headline.substring(where);
        return new Problem(atProxy.code(), atProxy.severity(), "the proxy in " + proxy.variable() + ", on the way to "
                + host + ": " + atProxy.message().replace(" (" + at + ")", ""),
                fixes.setReferring("NO_PROXY", "$NO_PROXY," + host) + "  # to go direct, when " + host
                        + " is reachable without it; else correct " + proxy.variable() + ": " + alsoUsedBy
                        + " the same proxy",
                headline);
    }

    private static Problem diagnose(IOException error, URI target, String within, Settings settings) {
        String host = target.getHost() == null ? String.valueOf(target) : target.getHost();
        int port = port(target);
        NetworkFixes fixes = new NetworkFixes(settings, target);
        if (inChain(error, UnknownHostException.class) != null) {
            // a compose service's name is told apart later, where the compose file is known (ComposeHosts)
            return dns(host, target.toString());
        }
        if (slowResolver(error)) {
            return Problem.of(ProblemCode.NET_TIMEOUT, "the DNS lookup of " + host + " did not finish " + within
                    + " (" + target + "): the resolver this machine uses is slow or does not answer", fixes.slowResolver());
        }
        Throwable tls = inChain(error, SSLException.class);
        if (tls != null) {
            return Problem.of(ProblemCode.NET_TLS, "the TLS handshake with " + host + ":" + port + " failed: "
                    + tls.getMessage(), fixes.tls(String.valueOf(tls.getMessage())));
        }
        if (inChain(error, ConnectException.class) != null || inChain(error, NoRouteToHostException.class) != null
                || inChain(error, PortUnreachableException.class) != null) {
            return Problem.of(ProblemCode.NET_REFUSED, "nothing accepts connections on " + host + ":" + port + " (" + target + ")",
                    fixes.refused());
        }
        // OkHttp reports its call timeout as InterruptedIOException("timeout") over a closed socket
        if (inChain(error, SocketTimeoutException.class) != null || error instanceof InterruptedIOException
                || String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
            return Problem.of(ProblemCode.NET_TIMEOUT, host + ":" + port + " did not answer " + within, fixes.timeout());
        }
        if (closed(error)) {
            return Problem.of(ProblemCode.NET_CLOSED, host + ":" + port + " accepted the connection and closed it without an "
                    + "answer (" + target + "): something listens there, but not a server that answers this call: a TLS port "
                    + "called over plain HTTP or the reverse, a proxy, or a server that is not the service", fixes.closed());
        }
        String failure = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : " (" + error.getMessage() + ")");
        if (inChain(error, java.net.ProtocolException.class) != null) {
            return Problem.of(ProblemCode.HTTP_UNEXPECTED, host + ":" + port + " answered, but not in HTTP: " + failure,
                    NetworkFixes.curl(target) + "  # shows what answers there instead of the service");
        }
        if (String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT).contains("unreachable")) {
            return Problem.of(ProblemCode.NET_REFUSED, "no route to " + host + ":" + port + " (" + target + "): " + failure,
                    fixes.refused());
        }
        return Problem.of(ProblemCode.NET_CLOSED, "the connection to " + host + ":" + port + " failed: " + failure,
                fixes.closed());
    }

    /** The lookup of the host's address was cut off by the deadline (http's resolver says so in these words). */
    private static boolean slowResolver(IOException error) {
        Throwable timeout = inChain(error, SocketTimeoutException.class);
        return timeout != null && String.valueOf(timeout.getMessage()).startsWith("DNS lookup of ");
    }

    /** The server ended the connection before any answer: an end of stream, a reset, a broken pipe. */
    private static boolean closed(IOException error) {
        if (inChain(error, java.io.EOFException.class) != null) {
            return true;
        }
        Throwable socket = inChain(error, java.net.SocketException.class);
        String message = String.valueOf(socket == null ? error.getMessage() : socket.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("connection reset") || message.contains("broken pipe")
                || message.contains("unexpected end of file") || message.contains("failed to respond")
                || message.contains("closed the connection");
    }

    /** The stage that failed and why, in a few words, for the step's detail and the check's summary. */
    private static Problem headed(Problem problem, IOException error, URI target, String within) {
        if (problem.headed()) {
            return problem;
        }
        String host = target.getHost() == null ? String.valueOf(target) : target.getHost();
        String address = host + ":" + port(target);
        boolean refused = inChain(error, ConnectException.class) != null || inChain(error, NoRouteToHostException.class) != null
                || inChain(error, PortUnreachableException.class) != null;
        return switch (problem.code()) {
            case NET_DNS -> problem.headed("could not reach " + host + " (DNS)");
            case NET_REFUSED -> problem.headed(refused ? "could not reach " + address + " (connection refused)"
                    : "the connection to " + address + " failed");
            case NET_TLS -> problem.headed("could not reach " + address + " (TLS handshake failed)");
            case NET_TIMEOUT -> problem.headed(slowResolver(error) ? "no answer from the DNS resolver for " + host + " " + within
                    : "no answer from " + address + " " + within);
            case NET_CLOSED -> problem.headed(closed(error) ? address + " closed the connection without an answer"
                    : "the connection to " + address + " failed");
            default -> problem;
        };
    }

    private static int port(URI target) {
        return target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    /** {@code host} (which {@code target} names) does not resolve from this shell. */
    public static Problem dns(String host, String target) {
        return Problem.of(ProblemCode.NET_DNS, DNS_PREFIX + host + " (" + target + ")",
                "getent hosts " + host + "  # prints nothing when this shell cannot resolve it: a typo in the host name, "
                        + "or no DNS from here");
    }

    /** The URL a {@code net.dns} problem of {@link #of} failed to reach; empty for any other problem. */
    public static Optional<URI> unresolved(Problem problem) {
        if (problem.code() != ProblemCode.NET_DNS || !problem.message().startsWith(DNS_PREFIX)
                || !problem.message().endsWith(")")) {
            return Optional.empty();
        }
        String message = problem.message();
        try {
            URI url = new URI(message.substring(message.indexOf(" (") + 2, message.length() - 1));
            return url.getHost() == null ? Optional.empty() : Optional.of(url);
        } catch (java.net.URISyntaxException | IndexOutOfBoundsException notAUrl) {
            return Optional.empty();
        }
    }

    /**
     * A status no backend-specific mapping claimed: 429 with the advertised retry time, 5xx, or
     * anything else with the status and a short excerpt of the body.
     */
    public static Problem ofStatus(int status, Optional<String> retryAfter, String body, URI target) {
        Problem problem = statusProblem(status, retryAfter, body, target);
        if (problem.headed()) {
            return problem;
        }
        return switch (problem.code()) {
            case HTTP_RATE_LIMITED -> problem.headed(target.getHost() + " is rate-limiting requests (" + status + ")");
            case HTTP_SERVER_ERROR -> problem.headed(target.getHost() + " answered " + status + " (server error)");
            default -> problem.headed("unexpected answer from " + target.getHost() + " (HTTP " + status + ")");
        };
    }

    private static Problem statusProblem(int status, Optional<String> retryAfter, String body, URI target) {
        if (status == 429) {
            return Problem.of(ProblemCode.HTTP_RATE_LIMITED, target.getHost() + " answered 429 Too Many Requests"
                            + retryAfter.map(r -> "; it asks to retry after " + r + (r.matches("\\d+") ? " s" : "")).orElse(""),
                    rerunAfter(retryAfter));
        }
        if (status >= 500) {
            return Problem.of(ProblemCode.HTTP_SERVER_ERROR, target.getHost() + " answered " + status + excerpt(body),
                    "A server or proxy error, not your configuration: retry later, and check the service's status page.");
        }
        return Problem.of(ProblemCode.HTTP_UNEXPECTED, target + " answered " + status + excerpt(body),
                "curl -sS -i " + Fixes.quote(target.toString()) + "  # shows who answers: a proxy, a login page or another "
                        + "API answers this way, not the service");
    }

    /** {@code curl -sv --max-time 5 URL}: the call as the app's HTTP client meets it, proxies and all. */
    public static String curl(URI url) {
        return NetworkFixes.curl(url);
    }

    /** The check run again: {@link Situation} names the check that was rate-limited in place of doctor. */
    public static final String RERUN = "tracecheck doctor";

    /**
     * The fix of a rate limit: the wait the server asked for (Retry-After in seconds; a minute when it
     * gave none, or a date), then the check again. Throttled apps lower their own rate, which no
     * command here does.
     */
    public static String rerunAfter(Optional<String> retryAfter) {
        Optional<String> seconds = retryAfter.map(String::strip).filter(r -> r.matches("\\d{1,6}"));
        return "sleep " + seconds.orElse("60") + " && " + RERUN + "  # " + (seconds.isPresent() ? "the wait the server asked for"
                : retryAfter.map(r -> "it asks to retry after " + r).orElse("a minute's wait")) + "; when the app is "
                + "throttled too, lower its send rate or sampling";
    }

    /** ": first 200 characters of the body", on one line; empty for an empty body. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        // the output's Redactor masks a key the server echoed, even the piece of one the cut left
        return ": " + Redactor.cut(body, EXCERPT);
    }

    private static Throwable inChain(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }
}
