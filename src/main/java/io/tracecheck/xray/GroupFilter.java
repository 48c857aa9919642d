package io.tracecheck.xray;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an X-Ray group's filter expression would show the probe: {@code service("…")},
 * {@code service(id(name: "…"))} and {@code annotation.…} clauses are judged; anything else is
 * assumed to match (X-Ray's grammar is larger than tracecheck needs to judge).
 */
final class GroupFilter {
    private static final Pattern SERVICE = Pattern.compile("service\\(\\s*(?:id\\(\\s*name:\\s*)?\"([^\"]*)\"");
    private static final Pattern ANNOTATION = Pattern.compile("annotation\\.([A-Za-z0-9_]+)");

    private GroupFilter() {
    }

    /**
     * The services the filter selects by name when dynamic naming with {@code pattern} would name the
     * app's segments away from all of them: the X-Ray SDK names a request's segment after its Host header
     * when the header matches the pattern ({@code *} any characters, {@code ?} one), else the fixed
     * name. Empty when the filter selects no service by name, or a selected name matches the pattern.
     */
    static java.util.List<String> renamedAway(String filter, String pattern) {
        if (filter == null || filter.isBlank() || pattern.isBlank()) {
            return java.util.List.of();
        }
        java.util.List<String> named = new java.util.ArrayList<>();
        Matcher services = SERVICE.matcher(filter);
        while (services.find()) {
            named.add(services.group(1));
        }
        return named.stream().anyMatch(name -> wildcard(pattern, name)) ? java.util.List.of() : named;
    }

    /** The host part of AWS_XRAY_URL, which apps also write as a URL (https://*.gitpod.io/). */
    static String hostPattern(String value) {
        String host = value.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int path = host.indexOf('/');
        return path >= 0 ? host.substring(0, path) : host;
    }

    /** The longest literal run of a wildcard pattern: what a request URL through it contains. */
    static String literal(String pattern) {
        String longest = "";
        for (String part : pattern.split("[*?]")) {
            if (part.length() > longest.length()) {
                longest = part;
            }
        }
        return longest;
    }

    /** The SDKs' wildcard match: case-insensitive, {@code *} any run of characters, {@code ?} exactly one. */
    static boolean wildcard(String pattern, String text) {
        StringBuilder regex = new StringBuilder("(?i)");
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return text.matches(regex.toString());
    }

    /** Empty when the filter would match the probe; otherwise why not. */
    static java.util.Optional<String> mismatch(String filter, String service) {
        if (filter == null || filter.isBlank()) {
            return java.util.Optional.empty();
        }
        Matcher services = SERVICE.matcher(filter);
        boolean anyService = false;
        boolean ours = false;
        while (services.find()) {
            anyService = true;
            ours |= services.group(1).equals(service);
        }
        if (anyService && !ours) {
            return java.util.Optional.of("it selects other services, not \"" + service + "\"");
        }
        Matcher annotations = ANNOTATION.matcher(filter);
        while (annotations.find()) {
            String key = annotations.group(1);
            if (!key.equals("tracecheck_probe") && !key.equals("tracecheck_run_id")
                    && !filter.matches("(?s).*\\bOR\\b.*|(?s).*\\|\\|.*")) {
                return java.util.Optional.of("it requires the annotation " + key + ", which the probe does not carry");
            }
        }
        return java.util.Optional.empty();
    }
}
