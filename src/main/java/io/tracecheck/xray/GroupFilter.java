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
