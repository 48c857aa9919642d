package io.tracecheck.listen.honeycomb;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Honeycomb API key the local backend accepts: its kind, whether it is a Classic key, its
 * permissions (Honeycomb's api_key_access names), and the team and environment it belongs to.
 * These are the emulator's own test credentials, not anybody's secrets.
 */
public record AcceptedKey(String key, String kind, boolean classic, Set<String> permissions, String team,
                          String teamSlug, String environment, String environmentSlug) {

    public static final List<String> ALL_PERMISSIONS = List.of("events", "markers", "triggers", "boards", "queries",
            "columns", "createDatasets", "slos", "recipients", "privateBoards");

    public static final AcceptedKey LOCAL_INGEST = new AcceptedKey(
            "hcxik_01tracechecklocalingestkey00000000000000000000000000000000", "ingest", false,
            Set.of("events", "createDatasets"), "tracecheck local", "tracecheck-local", "local", "local");
    public static final AcceptedKey LOCAL_CONFIGURATION = new AcceptedKey(
            "TracecheckLocalConfig1", "configuration", false,
            Set.of("events", "markers", "boards", "queries", "columns", "createDatasets"),
            "tracecheck local", "tracecheck-local", "local", "local");
    public static final AcceptedKey LOCAL_CLASSIC = new AcceptedKey(
            "7472616365636865636b2d636c617373", "configuration", true,
            Set.of("events", "markers", "queries", "columns", "createDatasets"),
            "tracecheck local", "tracecheck-local", "", "");

    public static List<AcceptedKey> defaults() {
        return List.of(LOCAL_INGEST, LOCAL_CONFIGURATION, LOCAL_CLASSIC);
    }

    public boolean can(String permission) {
        return permissions.contains(permission);
    }

    /**
     * {@code KEY}, {@code KEY:KIND} or {@code KEY:KIND:PERM+PERM}; KIND is ingest, configuration,
     * classic (a Classic configuration key) or classic-ingest.
     */
    public static AcceptedKey parse(String spec) {
        String[] parts = spec.split(":", 3);
        String key = parts[0].strip();
        if (key.length() < 8) {
            throw new IllegalArgumentException("a Honeycomb key needs at least 8 characters: " + spec);
        }
        String kind = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "ingest";
        boolean classic = kind.startsWith("classic");
        String apiKind = switch (kind) {
            case "ingest", "classic-ingest" -> "ingest";
            case "configuration", "classic" -> "configuration";
            default -> throw new IllegalArgumentException("unknown Honeycomb key kind '" + kind
                    + "': use ingest, configuration, classic or classic-ingest");
        };
        Set<String> permissions;
        if (parts.length > 2) {
            permissions = new LinkedHashSet<>(Arrays.asList(parts[2].split("\\+")));
            for (String permission : permissions) {
                if (!ALL_PERMISSIONS.contains(permission)) {
                    throw new IllegalArgumentException("unknown permission '" + permission + "': use "
                            + String.join(", ", ALL_PERMISSIONS));
                }
            }
        } else {
            permissions = apiKind.equals("ingest") ? Set.of("events", "createDatasets")
                    : Set.of("events", "markers", "boards", "queries", "columns", "createDatasets");
        }
        return new AcceptedKey(key, apiKind, classic, Set.copyOf(permissions), LOCAL_INGEST.team, LOCAL_INGEST.teamSlug,
                classic ? "" : LOCAL_INGEST.environment, classic ? "" : LOCAL_INGEST.environmentSlug);
    }

    /** For the banner: the key is the emulator's own, shown whole so a user can copy it. */
    public String describe() {
        return key + "  (" + (classic ? "classic " : "") + kind + "; " + String.join(", ", permissions.stream().sorted().toList()) + ")";
    }
}
