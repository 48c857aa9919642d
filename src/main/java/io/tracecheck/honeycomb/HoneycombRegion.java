package io.tracecheck.honeycomb;

import java.net.URI;
import java.util.Locale;

/** Honeycomb's two API regions, and anything else (a collector, Refinery, the local backend). */
public enum HoneycombRegion {
    US("https://api.honeycomb.io", "ui.honeycomb.io"),
    EU("https://api.eu1.honeycomb.io", "ui.eu1.honeycomb.io"),
    OTHER(null, null);

    private final String apiEndpoint;
    private final String uiHost;

    HoneycombRegion(String apiEndpoint, String uiHost) {
        this.apiEndpoint = apiEndpoint;
        this.uiHost = uiHost;
    }

    public static HoneycombRegion of(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return switch (host) {
            case "api.honeycomb.io" -> US;
            case "api.eu1.honeycomb.io" -> EU;
            default -> OTHER;
        };
    }

    public boolean isHoneycomb() {
        return this != OTHER;
    }

    public String apiEndpoint() {
        return apiEndpoint;
    }

    public String uiHost() {
        return uiHost;
    }

    public HoneycombRegion other() {
        return switch (this) {
            case US -> EU;
            case EU -> US;
            case OTHER -> OTHER;
        };
    }
}
