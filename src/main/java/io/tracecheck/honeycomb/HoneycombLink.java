package io.tracecheck.honeycomb;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** The Honeycomb UI link to a trace, built the way Honeycomb builds it for the region, team, environment and dataset. */
final class HoneycombLink {
    private HoneycombLink() {
    }

    static String trace(URI apiEndpoint, String teamSlug, String environmentSlug, String dataset, String traceId,
                        Instant start, Instant end) {
        HoneycombRegion region = HoneycombRegion.of(apiEndpoint);
        String query = "trace_id=" + traceId + "&trace_start_ts=" + start.getEpochSecond()
                + "&trace_end_ts=" + (end.getEpochSecond() + 1);
        if (!region.isHoneycomb()) {
            // a local backend or a proxy: no Honeycomb UI; the local backend serves the trace's page here
            String base = apiEndpoint.toString().replaceAll("/+$", "");
            return base + "/tracecheck/traces/" + traceId;
        }
        return "https://" + region.uiHost() + "/" + encode(teamSlug)
                + (environmentSlug.isEmpty() ? "" : "/environments/" + encode(environmentSlug))
                + "/datasets/" + encode(slug(dataset)) + "/trace?" + query;
    }

    /** Honeycomb's dataset slug: lower case, runs of other characters as one dash. */
    static String slug(String dataset) {
        return dataset.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
