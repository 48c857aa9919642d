package io.tracecheck.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The proxies an app's HTTP client takes from its environment, read the way Python's requests
 * and botocore (the AWS CLI, boto3) and curl read them, so tracecheck's calls go where the app's
 * go: {@code https_proxy}/{@code HTTPS_PROXY} for https:// URLs, {@code http_proxy}/{@code HTTP_PROXY}
 * for http:// ones (the lower-case name wins when both are set), and {@code no_proxy}/{@code NO_PROXY}
 * for the hosts that go direct. Loopback always goes direct. Only http:// proxies are spoken; a
 * value tracecheck cannot use is an {@link #errors() error}, described without its credentials.
 */
public final class Proxies {
    /** The variables, in the order they are looked up. */
    public static final List<String> HTTPS_VARIABLES = List.of("https_proxy", "HTTPS_PROXY");
    public static final List<String> HTTP_VARIABLES = List.of("http_proxy", "HTTP_PROXY");
    public static final List<String> NO_PROXY_VARIABLES = List.of("no_proxy", "NO_PROXY");

    /** One proxy: where it is, which variable named it, and the credentials in its URL (never printed). */
    public static final class Proxy {
        private final String host;
        private final int port;
        private final String variable;
        private final String user;
        private final String password;

        Proxy(String host, int port, String variable, String user, String password) {
            this.host = host;
            this.port = port;
            this.variable = variable;
            this.user = user;
            this.password = password;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        /** "proxy.corp:3128": safe to print. */
        public String address() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        /** The variable it came from, as the user spelled it ("HTTPS_PROXY", "https_proxy"). */
        public String variable() {
            return variable;
        }

        public boolean hasCredentials() {
            return user != null;
        }

        /** The user name, percent-decoded, when the URL had one: for clients configured by parts. */
        public Optional<String> user() {
            return Optional.ofNullable(user);
        }

        public Optional<String> password() {
            return Optional.ofNullable(password);
        }

        /** The Proxy-Authorization value for the URL's credentials (Basic, as curl and requests send it). */
        Optional<String> authorization() {
            return user == null ? Optional.empty() : Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8)));
        }

        /** The URL as it may be printed: credentials shown as "…". */
        public String display() {
            return "http://" + (user == null ? "" : "…@") + address();
        }

        @Override
        public String toString() {
            return address() + " (" + variable + ")";
        }
    }

    /** A proxy variable tracecheck cannot use, said without its value. */
    public record Issue(String variable, String message) {
    }

    /**
     * What a configuration review says about the proxies, for the endpoints of one backend: the
     * unusable values among the variables those endpoints would read, a note per proxy variable
     * naming the hosts that go through it, and how to show each such variable safely.
     */
    public record Review(List<Issue> issues, java.util.Map<String, String> notes, java.util.Map<String, String> displays) {
    }

    private final Optional<Proxy> https;
    private final Optional<Proxy> http;
    private final List<String> noProxy;
    private final String noProxyVariable;
    private final List<Issue> errors;

    private Proxies(Optional<Proxy> https, Optional<Proxy> http, List<String> noProxy, String noProxyVariable,
                    List<Issue> errors) {
        this.https = https;
        this.http = http;
        this.noProxy = List.copyOf(noProxy);
        this.noProxyVariable = noProxyVariable;
        this.errors = List.copyOf(errors);
    }

    /** No proxy at all: every call goes direct. */
    public static Proxies none() {
        return new Proxies(Optional.empty(), Optional.empty(), List.of(), "", List.of());
    }

    /** From the environment, {@code env} giving a variable's value (empty when unset). */
    public static Proxies from(Function<String, Optional<String>> env) {
        List<Issue> errors = new ArrayList<>();
        Optional<Proxy> https = proxy(env, HTTPS_VARIABLES, errors);
        Optional<Proxy> http = proxy(env, HTTP_VARIABLES, errors);
        String noProxyVariable = "";
        List<String> entries = new ArrayList<>();
        for (String name : NO_PROXY_VARIABLES) {
            Optional<String> value = env.apply(name).filter(v -> !v.isBlank());
            if (value.isPresent()) {
                noProxyVariable = name;
                for (String entry : value.get().split("[,\\s]+")) {
                    if (!entry.isBlank()) {
                        entries.add(entry.strip().toLowerCase(Locale.ROOT));
                    }
                }
                break;
            }
        }
        return new Proxies(https, http, entries, noProxyVariable, errors);
    }

    private static Optional<Proxy> proxy(Function<String, Optional<String>> env, List<String> names, List<Issue> errors) {
        for (String name : names) {
            Optional<String> value = env.apply(name).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return parse(name, value.get(), errors);
            }
        }
        return Optional.empty();
    }

    /** "http://user:password@host:port", or "host:port" as curl and requests take it (http, port 80 if none). */
    private static Optional<Proxy> parse(String variable, String value, List<Issue> errors) {
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add(new Issue(variable, variable + " is not a proxy URL (the form is http://host:port, with user:password@ before the host "
                    + "when the proxy wants them)"));
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            errors.add(new Issue(variable, variable + " names a " + scheme + ":// proxy; tracecheck speaks to http:// "
                    + "proxies only, so it would go direct where the app goes through the proxy"));
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            errors.add(new Issue(variable, variable + " has no host (the form is http://host:port)"));
            return Optional.empty();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            try {
                user = URLDecoder.decode((colon >= 0 ? info.substring(0, colon) : info).replace("+", "%2B"), StandardCharsets.UTF_8);
                password = colon >= 0 ? URLDecoder.decode(info.substring(colon + 1).replace("+", "%2B"), StandardCharsets.UTF_8)
                        : null;
            } catch (IllegalArgumentException e) {
                errors.add(new Issue(variable, variable + " has a broken percent-encoding in its user or password"));
                return Optional.empty();
            }
        }
        return Optional.of(new Proxy(host, uri.getPort() > 0 ? uri.getPort() : 80, variable, user, password));
    }

    /** The proxy a call to {@code target} goes through; empty when it goes direct. */
    public Optional<Proxy> forUrl(URI target) {
        Optional<Proxy> proxy = "https".equalsIgnoreCase(target.getScheme()) ? https : http;
        return proxy.isPresent() && bypass(target).isEmpty() ? proxy : Optional.empty();
    }

    /** Why {@code target} goes direct although a proxy is set: "loopback", "NO_PROXY entry .corp". */
    public Optional<String> bypass(URI target) {
        String host = bare(target.getHost() == null ? "" : target.getHost()).toLowerCase(Locale.ROOT);
        int port = target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        if (loopback(host)) {
            return Optional.of("loopback");
        }
        for (String entry : noProxy) {
            if (matches(entry, host, port)) {
                return Optional.of(noProxyVariable + " entry " + entry);
            }
        }
        return Optional.empty();
    }

    /** Values tracecheck cannot use, one sentence each, without the values themselves. */
    public List<Issue> errors() {
        return errors;
    }

    /** The review of these endpoints' way out: see {@link Review}. */
    public Review review(List<URI> endpoints) {
        List<Issue> issues = new ArrayList<>();
        java.util.Map<String, String> notes = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> displays = new java.util.LinkedHashMap<>();
        for (URI endpoint : endpoints) {
            boolean secure = "https".equalsIgnoreCase(endpoint.getScheme());
            List<String> read = secure ? HTTPS_VARIABLES : HTTP_VARIABLES;
            for (Issue error : errors) {
                if (read.contains(error.variable()) && !issues.contains(error)) {
                    issues.add(error);
                }
            }
            Optional<Proxy> proxy = secure ? https : http;
            if (proxy.isPresent()) {
                String host = endpoint.getHost();
                Optional<String> direct = bypass(endpoint);
                notes.merge(proxy.get().variable(), direct.map(why -> host + " goes direct (" + why + ")")
                        .orElse(host + " goes through " + proxy.get().address()), (a, b) -> a.contains(b) ? a : a + "; " + b);
                displays.put(proxy.get().variable(), proxy.get().display());
            }
        }
        return new Review(issues, notes, displays);
    }

    public boolean any() {
        return https.isPresent() || http.isPresent();
    }

    private static boolean loopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        return literalAddress(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /**
     * One NO_PROXY entry against a host: '*' matches all; a domain matches itself and its
     * subdomains (a leading '.' or '*.' changes nothing, as in requests and curl); host:port only
     * that port; an address, or a CIDR block, the addresses in it.
     */
    static boolean matches(String entry, String host, int port) {
        String pattern = entry;
        if (pattern.equals("*")) {
            return true;
        }
        int portAt = pattern.lastIndexOf(':');
        if (portAt > 0 && pattern.indexOf(':') == portAt && pattern.substring(portAt + 1).matches("\\d{1,5}")) {
            if (Integer.parseInt(pattern.substring(portAt + 1)) != port) {
                return false;
            }
            pattern = pattern.substring(0, portAt);
        } else if (pattern.startsWith("[") && pattern.matches("\\[[^]]+]:\\d{1,5}")) {
            int close = pattern.indexOf(']');
            if (Integer.parseInt(pattern.substring(close + 2)) != port) {
                return false;
            }
            pattern = pattern.substring(1, close);
        }
        pattern = bare(pattern);
        if (pattern.contains("/")) {
            return inBlock(pattern, host);
        }
        Optional<InetAddress> address = literalAddress(pattern);
        if (address.isPresent()) {
            return literalAddress(host).map(address.get()::equals).orElse(false);
        }
        if (pattern.startsWith("*.")) {
            pattern = pattern.substring(1);
        }
        if (pattern.startsWith(".")) {
            pattern = pattern.substring(1);
        }
        return !pattern.isEmpty() && (host.equals(pattern) || host.endsWith("." + pattern));
    }

    private static boolean inBlock(String cidr, String host) {
        int slash = cidr.indexOf('/');
        Optional<InetAddress> network = literalAddress(cidr.substring(0, slash));
        Optional<InetAddress> address = literalAddress(host);
        String bits = cidr.substring(slash + 1);
        if (network.isEmpty() || address.isEmpty() || !bits.matches("\\d{1,3}")) {
            return false;
        }
        byte[] net = network.get().getAddress();
        byte[] addr = address.get().getAddress();
        int prefix = Integer.parseInt(bits);
        if (net.length != addr.length || prefix > net.length * 8) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((net[bit / 8] & mask) != (addr[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 or IPv6 literal, parsed without a DNS lookup; empty for a host name. */
    private static Optional<InetAddress> literalAddress(String text) {
        if (!text.matches("[0-9.]+") && !(text.contains(":") && text.matches("[0-9a-fA-F:.]+"))) {
            return Optional.empty();
        }
        if (!text.contains(":") && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
