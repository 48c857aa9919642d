package io.tracecheck.honeycomb;

import io.tracecheck.core.Secret;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code OTEL_EXPORTER_OTLP_HEADERS}: {@code k=v,k2=v2}, values percent-decoded, as the
 * OpenTelemetry SDK configuration spec describes. Every value is kept as a {@link Secret}: the
 * list usually carries the API key.
 */
public record OtlpHeaders(Map<String, Secret> values) {

    /** Header names whose values may be shown as they are. */
    private static final java.util.Set<String> PUBLIC = java.util.Set.of("x-honeycomb-dataset", "content-type");

    public OtlpHeaders {
        // in the order written: a fix that repeats the list keeps it as the user wrote it
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static OtlpHeaders empty() {
        return new OtlpHeaders(Map.of());
    }

    /** Parses the list; a malformed entry is described by position, never by its text. */
    public static Parsed parse(String raw) {
        Map<String, Secret> parsed = new LinkedHashMap<>();
        if (raw.isBlank()) {
            return new Parsed(new OtlpHeaders(parsed), Optional.empty());
        }
        String[] entries = raw.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                return new Parsed(new OtlpHeaders(parsed), Optional.of(
                        "entry " + (i + 1) + " has no 'name=value' form (the list is name=value pairs separated by commas)"));
            }
            String name = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
                return new Parsed(new OtlpHeaders(parsed), Optional.of(
                        "entry " + (i + 1) + " has an invalid header name"));
            }
            String value;
            try {
                value = URLDecoder.decode(entry.substring(eq + 1).strip().replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Parsed(new OtlpHeaders(parsed), Optional.of(
                        "the value of " + name + " has a broken percent-encoding (a '%' not followed by two hex digits)"));
            }
            parsed.put(name, Secret.of(value));
        }
        return new Parsed(new OtlpHeaders(parsed), Optional.empty());
    }

    /** Whether a header's value may be printed as it is (a dataset name, a content type). */
    static boolean isPublic(String name) {
        return PUBLIC.contains(name.toLowerCase(Locale.ROOT));
    }

    public Optional<Secret> get(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Later entries (the traces-specific list) override earlier ones, name by name. */
    public OtlpHeaders overriddenBy(OtlpHeaders specific) {
        Map<String, Secret> merged = new LinkedHashMap<>(values);
        merged.putAll(specific.values);
        return new OtlpHeaders(merged);
    }

    /** {@code x-honeycomb-team=hcai…(64 chars),x-honeycomb-dataset=web}: safe to print. */
    public String display() {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(name).append('=').append(PUBLIC.contains(name) ? value.reveal() : value.masked());
        });
        return out.toString();
    }

    public record Parsed(OtlpHeaders headers, Optional<String> error) {
    }
}
