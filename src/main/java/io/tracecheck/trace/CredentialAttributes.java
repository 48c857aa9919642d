package io.tracecheck.trace;

import io.tracecheck.core.Secret;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Span attributes that name a credential (an instrumentation that records request headers keeps
 * {@code http.request.header.authorization}, a Honeycomb key, a token) are masked as a span enters
 * the trace model, whatever the source, so no view of a trace (the terminal waterfall, its JSON,
 * listen's pages, which have no access control) can show one.
 */
final class CredentialAttributes {
    private static final Set<String> WORDS = Set.of("authorization", "cookie", "password", "passwd", "secret", "token",
            "apikey", "credential", "credentials");

    private CredentialAttributes() {
    }

    /** The attributes with every credential's value masked; the same map when none names one. */
    static Map<String, String> masked(Map<String, String> attributes) {
        if (attributes.keySet().stream().noneMatch(CredentialAttributes::namesCredential)) {
            return attributes;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        attributes.forEach((key, value) -> masked.put(key, namesCredential(key) ? Secret.mask(value) : value));
        return masked;
    }

    /** {@code http.request.header.authorization}, {@code access_token}, {@code x-honeycomb-team}; not {@code total_tokens}. */
    static boolean namesCredential(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith("honeycomb-team") || lower.endsWith("honeycomb_team")) {
            return true;
        }
        String[] words = lower.split("[^a-z0-9]+");
        for (int i = 0; i < words.length; i++) {
            if (WORDS.contains(words[i]) || words[i].equals("api") && i + 1 < words.length && words[i + 1].equals("key")) {
                return true;
            }
        }
        return false;
    }
}
