package io.tracecheck.honeycomb;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Honeycomb's answer to {@code GET /1/auth}: the key's type, permissions, team and environment. */
record AuthInfo(String type, Set<String> permissions, String team, String teamSlug, String environment,
                String environmentSlug) {

    @SuppressWarnings("unchecked")
    static AuthInfo parse(Map<String, Object> json) {
        Set<String> permissions = new TreeSet<>();
        if (json.get("api_key_access") instanceof Map<?, ?> access) {
            access.forEach((name, allowed) -> {
                if (Boolean.TRUE.equals(allowed)) {
                    permissions.add(String.valueOf(name));
                }
            });
        }
        Map<String, Object> team = json.get("team") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
        Map<String, Object> environment = json.get("environment") instanceof Map<?, ?> e ? (Map<String, Object>) e : Map.of();
        return new AuthInfo(String.valueOf(json.getOrDefault("type", "unknown")), permissions,
                String.valueOf(team.getOrDefault("name", "")), String.valueOf(team.getOrDefault("slug", "")),
                String.valueOf(environment.getOrDefault("name", "")), String.valueOf(environment.getOrDefault("slug", "")));
    }

    boolean classic() {
        return environmentSlug.isEmpty();
    }

    boolean can(String permission) {
        return permissions.contains(permission);
    }

    String describe() {
        return "team " + (team.isEmpty() ? teamSlug : team) + ", " + (classic() ? "Honeycomb Classic" : "environment "
                + (environment.isEmpty() ? environmentSlug : environment)) + ", " + type + " key ("
                + String.join(", ", permissions) + ")";
    }
}
