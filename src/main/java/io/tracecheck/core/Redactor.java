package io.tracecheck.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The last line of defence: every text tracecheck prints passes through here, and any secret
 * value it was given (or a recognisable piece of one, such as a header value) is replaced by its
 * masked form. Code is still expected to print {@link Secret}s masked in the first place.
 */
public final class Redactor {
    /** Shorter values are too likely to match ordinary words. */
    private static final int MIN_LENGTH = 6;

    private final Set<String> secrets = new ConcurrentSkipListSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    public void register(Settings settings) {
        settings.secretValuesForRedaction().forEach(this::register);
    }

    public void register(Secret secret) {
        register(secret.reveal());
    }

    public void register(String raw) {
        if (raw == null) {
            return;
        }
        boolean headerList = raw.contains("=");
        boolean anyLongValue = false;
        for (String entry : raw.split(",")) {
            int eq = entry.indexOf('=');
            anyLongValue |= ValueShape.clean(eq >= 0 ? entry.substring(eq + 1) : entry).length() >= MIN_LENGTH;
        }
        if (!headerList || anyLongValue) {
            // a header list whose values are all empty ("x-honeycomb-team=") holds no secret to hide
            add(raw);
            add(ValueShape.clean(raw));
        }
        // Header lists (k=v,k2=v2) and "Bearer xyz": each value alone, percent-decoded too.
        for (String entry : raw.split(",")) {
            int eq = entry.indexOf('=');
            String value = ValueShape.clean(eq >= 0 ? entry.substring(eq + 1) : entry);
            String decoded = value;
            try {
                decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notEncoded) {
                // a stray '%': the value as written is all there is
            }
            for (String candidate : new String[] {value, decoded}) {
                add(candidate);
                String[] words = candidate.split("\\s+");
                add(words[words.length - 1]);
            }
        }
    }

    private void add(String value) {
        // An unexpanded placeholder such as ${HONEYCOMB_API_KEY} holds no secret, and the report must show it.
        if (value.length() >= MIN_LENGTH && !ValueShape.isOnlyPlaceholder(value)) {
            secrets.add(value);
        }
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.mask(secret));
            }
        }
        return result;
    }
}
