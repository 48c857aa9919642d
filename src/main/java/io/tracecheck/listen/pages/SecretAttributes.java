package io.tracecheck.listen.pages;

import io.tracecheck.core.Secret;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Span attributes that name a credential (an instrumentation that records request headers keeps
 * {@code http.request.header.authorization}, a Honeycomb key, a token) are shown masked, as every
 * other output of tracecheck shows a secret: the pages have no access control.
 */
final class SecretAttributes {
    private static final Set<String> WORDS = Set.of("authorization", "cookie", "password", "passwd", "secret", "token",
            "apikey", "credential", "credentials");

    private SecretAttributes() {
    }

    /** The same tree with the values of credential attributes masked. */
    static TraceTree masked(TraceTree tree) {
        List<TraceSpan> spans = new ArrayList<>(tree.spanCount());
        boolean changed = false;
        for (TraceTree.Row row : tree.rows()) {
            TraceSpan span = row.span();
            Map<String, String> attributes = span.attributes();
            if (attributes.keySet().stream().anyMatch(SecretAttributes::namesCredential)) {
                Map<String, String> masked = new LinkedHashMap<>();
                attributes.forEach((key, value) -> masked.put(key, namesCredential(key) ? Secret.mask(value) : value));
                span = new TraceSpan(span.traceId(), span.spanId(), span.parentId(), span.service(), span.name(), span.start(),
                        span.end(), span.error(), masked, span.origin());
                changed = true;
            }
            spans.add(span);
        }
        return changed ? TraceTree.of(tree.traceId(), spans) : tree;
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
