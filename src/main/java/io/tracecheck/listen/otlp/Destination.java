package io.tracecheck.listen.otlp;

/**
 * Where accepted spans land: the Honeycomb environment (slug, empty for Classic or a plain
 * collector) and the dataset, fixed (Classic: the x-honeycomb-dataset header) or, when null,
 * named after each span's service.name as Honeycomb does for environment keys.
 */
public record Destination(String environment, String fixedDataset) {
    public static final Destination PLAIN = new Destination("", null);

    /** Honeycomb's rule: the trimmed service.name; unknown_service when it is empty or unknown_service:*. */
    public String datasetFor(String serviceName) {
        if (fixedDataset != null) {
            return fixedDataset;
        }
        String name = serviceName == null ? "" : serviceName.strip();
        return name.isEmpty() || name.startsWith("unknown_service") ? "unknown_service" : name;
    }
}
