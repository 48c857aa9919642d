package io.tracecheck.core;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers that are not the service's own: a proxy asking for credentials (407) or refusing a
 * tunnel, a redirect, a web page where an API answers JSON, protobuf or XML (a captive portal, a
 * login page, a web server at the wrong URL), an empty 200. None of the services tracecheck checks
 * answers that way, so reading one as the service's (an HTML 200 from /1/auth as a key without
 * permissions, a 407 as a refused connection) would name the wrong cause. Every backend asks here
 * before it reads an answer as its service's; the answer comes as plain values, whichever client
 * read it. All of them are {@code http.unexpected}, worded with the status, the content type and
 * who answered instead.
 */
public final class ForeignAnswer {
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern REALM = Pattern.compile("(?i)realm=\"?([^\",]*)\"?");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
            Map.entry(202, "Accepted"), Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"), Map.entry(303, "See Other"), Map.entry(307, "Temporary Redirect"),
            Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(407, "Proxy Authentication Required"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private ForeignAnswer() {
    }

    /** The proxy a call went through: where it is, the variable that named it, whether its URL carried credentials. */
    public record Via(String address, String variable, boolean credentials) {
    }

    /**
     * What came back: the status, the headers by lower-case name, the body as text (its start is
     * enough), the proxy the call went through, and whether that proxy itself answered, refusing
     * to open the tunnel (the service never saw the call).
     */
    public record Seen(int status, Map<String, String> headers, String body, Optional<Via> via, boolean fromProxy) {
        public Seen {
            headers = Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        /** A direct answer. */
        public static Seen of(int status, Map<String, String> headers, String body) {
            return new Seen(status, headers, body, Optional.empty(), false);
        }

        /** The media type without its parameters, lower case; empty when none was named. */
        public String contentType() {
            String type = headers.getOrDefault("content-type", "");
            return type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        }

        /**
         * A page by its body, or by its type when the body does not read as data: emulators (moto)
         * label JSON and XML text/html, and that is still the service's answer.
         */
        boolean looksLikeHtml() {
            String start = body.stripLeading().toLowerCase(Locale.ROOT);
            boolean page = start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head")
                    || start.startsWith("<body") || start.startsWith("<title");
            boolean data = start.startsWith("{") || start.startsWith("[") || start.startsWith("<") && !page;
            boolean htmlType = contentType().equals("text/html") || contentType().equals("application/xhtml+xml");
            return page || htmlType && !start.isEmpty() && !data;
        }
    }

    /**
     * Who was asked: the service by the name users know ("Honeycomb"), the URL called, the
     * fix that points the endpoint back at the service when its variable names another place
     * (empty when the endpoint is the service's own, and something in between must have answered),
     * and the form a fix that sets a variable takes where the check runs (a proxy's credentials).
     */
    public record Asked(String service, URI url, Optional<String> endpointFix, Fixes fixes) {
        /** Asked from a plain shell: a fix that sets a variable exports it. */
        public Asked(String service, URI url, Optional<String> endpointFix) {
            this(service, url, endpointFix, new Fixes(Settings.of(Map.of())));
        }
    }

    /**
     * A 407, a proxy's refusal, a redirect, or a web page (except a 404: a web server at a wrong
     * path is the caller's to word) and 5xx (a server or proxy error either way): never the
     * service's answer. Empty when the answer may be the service's.
     */
    public static Optional<Problem> check(Seen seen, Asked asked) {
        if (seen.status() == 407) {
            return Optional.of(proxyAuthentication(seen, asked));
        }
        if (seen.fromProxy()) {
            return Optional.of(tunnelRefused(seen, asked));
        }
        if (seen.status() >= 300 && seen.status() < 400) {
            String location = seen.headers().getOrDefault("location", "");
            return Optional.of(Problem.of(ProblemCode.HTTP_UNEXPECTED, asked.url() + " answered " + status(seen)
                            + (location.isEmpty() ? ", a redirect" : ", a redirect to " + location) + typed(seen)
                            + ": a proxy or a wrong URL answered, not " + asked.service()
                            + " (neither tracecheck nor the SDKs follow it)",
                    fix(seen, asked)).headed(asked.url().getHost() + " answered a redirect (" + seen.status() + "), not "
                    + asked.service()));
        }
        if (seen.status() < 500 && seen.status() != 404 && seen.looksLikeHtml()) {
            return Optional.of(Problem.of(ProblemCode.HTTP_UNEXPECTED, asked.url() + " answered " + status(seen) + typed(seen)
                            + ", a web page" + title(seen) + ": a proxy, a captive portal or a wrong URL answered, not "
                            + asked.service(),
                    fix(seen, asked)).headed(asked.url().getHost() + " answered a web page (" + seen.status() + "), not "
                    + asked.service()));
        }
        return Optional.empty();
    }

    /**
     * A 2xx the caller could not read as its service's: {@code expected} says what the service
     * sends ("Honeycomb's JSON", "an OTLP response"). Any of {@link #check}'s cases come first.
     */
    public static Problem unreadable(Seen seen, Asked asked, String expected) {
        return check(seen, asked).orElseGet(() -> Problem.of(ProblemCode.HTTP_UNEXPECTED, asked.url() + " answered "
                        + status(seen) + (seen.body().isBlank() ? " with an empty body" : typed(seen)
                        + NetworkFailures.excerpt(seen.body())) + ", not " + expected
                        + ": a proxy or a wrong URL answered, not " + asked.service(),
                fix(seen, asked)).headed(asked.url().getHost() + " answered " + seen.status()
                + (seen.body().isBlank() ? " with an empty body" : typed(seen)) + ", not " + asked.service()));
    }

    /** 407: from the named proxy, or from one nobody told tracecheck about. */
    private static Problem proxyAuthentication(Seen seen, Asked asked) {
        String challenge = seen.headers().getOrDefault("proxy-authenticate", "");
        String scheme = challenge.isBlank() ? "" : challenge.strip().split("\\s+", 2)[0];
        Matcher realm = REALM.matcher(challenge);
        String wants = scheme.isEmpty() ? "" : ", it asks for " + scheme + " credentials"
                + (realm.find() && !realm.group(1).isBlank() ? " (realm \"" + realm.group(1) + "\")" : "");
        String target = hostPort(asked.url());
        if (seen.via().isEmpty()) {
            return Problem.of(ProblemCode.HTTP_UNEXPECTED, asked.url() + " answered 407 Proxy Authentication Required"
                            + wants + ": a proxy between here and " + target + " wants credentials, and no proxy variable "
                            + "(HTTPS_PROXY, HTTP_PROXY) names it",
                    "curl -sS -i " + Fixes.quote(asked.url().toString()) + "  # the proxy's answer usually names it; then "
                            + asked.fixes().withCredentials(proxyVariable(asked.url()),
                            "http://$PROXY_USER:$PROXY_PASSWORD@$PROXY_ADDRESS", "PROXY_ADDRESS", "PROXY_USER", "PROXY_PASSWORD")
                            + "  # type the proxy's host:port, your user, then your password, unechoed; percent-encode "
                            + "@ : / in them")
                    .headed("a proxy on the way to " + target + " wants credentials (407)");
        }
        Via via = seen.via().get();
        String unsupported = scheme.isEmpty() || scheme.equalsIgnoreCase("Basic") ? ""
                : "; " + scheme + " is not spoken by tracecheck, nor by Python's requests: a local relay such as cntlm, "
                + "or " + target + " in NO_PROXY, is the way through";
        return Problem.of(ProblemCode.HTTP_UNEXPECTED, "the proxy " + via.address() + " (" + via.variable() + ") answered "
                        + "407 Proxy Authentication Required on the way to " + target + wants
                        + (via.credentials() ? "; it refused the user and password in " + via.variable()
                        : "; " + via.variable() + " has no user and password") + unsupported,
                asked.fixes().withCredentials(via.variable(), "http://$PROXY_USER:$PROXY_PASSWORD@" + via.address(),
                        "PROXY_USER", "PROXY_PASSWORD") + "  # type the proxy's user, then its password, unechoed; "
                        + "percent-encode @ : / in them, as curl and requests read the URL")
                .headed("the proxy " + via.address() + " refused (407)" + (via.credentials() ? ": wrong user or password"
                        : ": no credentials in " + via.variable()));
    }

    private static Problem tunnelRefused(Seen seen, Asked asked) {
        Via via = seen.via().orElse(new Via("the proxy", "HTTPS_PROXY", false));
        String host = asked.url().getHost();
        return Problem.of(ProblemCode.HTTP_UNEXPECTED, "the proxy " + via.address() + " (" + via.variable() + ") would not "
                        + "open a tunnel to " + hostPort(asked.url()) + ": it answered CONNECT with " + status(seen)
                        + typed(seen) + title(seen) + ", so " + asked.service() + " never saw the call",
                asked.fixes().setReferring("NO_PROXY", "$NO_PROXY," + host) + "  # when " + host
                        + " is reachable without the proxy; else ask for it to be allowed through")
                .headed("the proxy " + via.address() + " refused the tunnel to " + hostPort(asked.url()) + " ("
                        + seen.status() + ")");
    }

    /** Back to the service's own endpoint when a variable moved it; else a look at who answers, as the app would meet it. */
    private static String fix(Seen seen, Asked asked) {
        return asked.endpointFix().orElseGet(() -> "curl -sS -i " + asked.url() + "  # shows who answers instead of "
                + asked.service() + (seen.via().isPresent() ? ", through the same proxy" : "")
                + "; behind a captive portal, log in to the network first");
    }

    private static String status(Seen seen) {
        String reason = REASONS.get(seen.status());
        return seen.status() + (reason == null ? "" : " " + reason);
    }

    private static String typed(Seen seen) {
        return seen.contentType().isEmpty() ? " (no Content-Type)" : " (" + seen.contentType() + ")";
    }

    private static String title(Seen seen) {
        Matcher title = TITLE.matcher(seen.body());
        if (!title.find()) {
            return "";
        }
        String text = title.group(1).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "" : " titled \"" + Redactor.cut(text, 80) + "\"";
    }

    private static String hostPort(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    private static String proxyVariable(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY";
    }
}
