package io.tracecheck;

import io.tracecheck.aws.AwsConfig;
import io.tracecheck.core.BackendConfig;
import io.tracecheck.honeycomb.HoneycombConfig;
import io.tracecheck.rollbar.RollbarConfig;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The backends tracecheck knows, in report order. The one place that lists them all. */
public final class Backends {
    public static final List<BackendConfig> CONFIGS = List.of(
            new BackendConfig("honeycomb", HoneycombConfig::review),
            new BackendConfig("aws", AwsConfig::review),
            new BackendConfig("rollbar", RollbarConfig::review));

    private Backends() {
    }

    /** A backend by name; the check names xray and logs select their shared AWS configuration. */
    public static Optional<BackendConfig> config(String name) {
        String wanted = switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "xray", "logs", "cwlogs" -> "aws";
            case "otlp", "otel" -> "honeycomb";
            default -> name.strip().toLowerCase(Locale.ROOT);
        };
        return CONFIGS.stream().filter(c -> c.name().equals(wanted)).findFirst();
    }

    public static List<String> names() {
        return List.of("honeycomb", "xray", "logs", "rollbar");
    }
}
