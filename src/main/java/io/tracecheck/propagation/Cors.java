package io.tracecheck.propagation;

import io.tracecheck.http.HttpAnswer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A preflight answer read as a browser reads it (the Fetch standard's CORS check): an ok status,
 * an {@code Access-Control-Allow-Origin} that is the origin or {@code *}, the method when it is not a
 * simple one, and every requested header in {@code Access-Control-Allow-Headers} (or {@code *}).
 */
record Cors(int status, Optional<String> allowOrigin, Set<String> allowHeaders, Set<String> allowMethods) {
    /** Methods a browser sends without asking the server first. */
    private static final Set<String> SIMPLE = Set.of("GET", "HEAD", "POST");

    static Cors of(HttpAnswer answer) {
        return new Cors(answer.status(), answer.header("Access-Control-Allow-Origin").map(String::strip),
                list(answer.header("Access-Control-Allow-Headers")), list(answer.header("Access-Control-Allow-Methods")));
    }

    private static Set<String> list(Optional<String> header) {
        return header.map(h -> Arrays.stream(h.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(java.util.LinkedHashSet::new))).orElse(new java.util.LinkedHashSet<>());
    }

    boolean answered() {
        return allowOrigin.isPresent();
    }

    boolean okStatus() {
        return status >= 200 && status < 300;
    }

    boolean allowsOrigin(String origin) {
        return allowOrigin.filter(o -> o.equals("*") || o.equalsIgnoreCase(origin)).isPresent();
    }

    /** The requested headers the answer does not allow, in the order asked. */
    List<String> missingHeaders(List<String> requested) {
        if (allowHeaders.contains("*")) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (String header : requested) {
            if (!allowHeaders.contains(header.toLowerCase(Locale.ROOT))) {
                missing.add(header);
            }
        }
        return missing;
    }

    boolean allowsMethod(String method) {
        return SIMPLE.contains(method) || allowMethods.contains("*") || allowMethods.contains(method.toLowerCase(Locale.ROOT));
    }
}
