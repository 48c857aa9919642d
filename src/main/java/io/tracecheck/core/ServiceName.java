package io.tracecheck.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The service name an OpenTelemetry SDK gives its spans: {@code OTEL_SERVICE_NAME}, else
 * {@code service.name} in {@code OTEL_RESOURCE_ATTRIBUTES} (whose values are percent-encoded), as
 * the SDK configuration specification orders them. Every check that labels a probe with the app's
 * service reads it here.
 */
public final class ServiceName {
    private ServiceName() {
    }

    public static Optional<String> of(Settings settings) {
        Optional<String> name = settings.text(KnownVariable.OTEL_SERVICE_NAME);
        if (name.isEmpty()) {
            Optional<String> attributes = settings.text(KnownVariable.OTEL_RESOURCE_ATTRIBUTES);
            name = attributes.isPresent() ? fromAttributes(attributes.get()) : Optional.empty();
        }
        return name.isPresent() && name.get().isBlank() ? Optional.empty() : name;
    }

    /** service.name from an OTEL_RESOURCE_ATTRIBUTES value (key=value pairs separated by commas); the last one wins. */
    public static Optional<String> fromAttributes(String attributes) {
        String found = null;
        for (String pair : attributes.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equals("service.name")) {
                found = decode(pair.substring(eq + 1).strip());
            }
        }
        return Optional.ofNullable(found);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return value;
        }
    }
}
