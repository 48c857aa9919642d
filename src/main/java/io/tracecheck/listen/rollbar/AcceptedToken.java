package io.tracecheck.listen.rollbar;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Rollbar project access token the local backend accepts, with its scopes. These are the
 * emulator's own test tokens, not anybody's secrets.
 */
public record AcceptedToken(String token, Set<String> scopes) {
    public static final List<String> ALL_SCOPES = List.of("post_server_item", "post_client_item", "read", "write");

    public static final AcceptedToken LOCAL_SERVER = new AcceptedToken("7472616365636865636b736572766572", Set.of("post_server_item"));
    public static final AcceptedToken LOCAL_CLIENT = new AcceptedToken("7472616365636865636b636c69656e74", Set.of("post_client_item"));
    public static final AcceptedToken LOCAL_READ = new AcceptedToken("7472616365636865636b726561643030", Set.of("read"));

    public static List<AcceptedToken> defaults() {
        return List.of(LOCAL_SERVER, LOCAL_CLIENT, LOCAL_READ);
    }

    public boolean can(String scope) {
        return scopes.contains(scope);
    }

    /** {@code TOKEN} (post_server_item) or {@code TOKEN:scope+scope}. */
    public static AcceptedToken parse(String spec) {
        String[] parts = spec.split(":", 2);
        if (parts[0].strip().length() < 8) {
            throw new IllegalArgumentException("a Rollbar token needs at least 8 characters: " + spec);
        }
        Set<String> scopes = parts.length > 1 ? new LinkedHashSet<>(Arrays.asList(parts[1].split("\\+")))
                : Set.of("post_server_item");
        for (String scope : scopes) {
            if (!ALL_SCOPES.contains(scope)) {
                throw new IllegalArgumentException("unknown Rollbar scope '" + scope + "': use " + String.join(", ", ALL_SCOPES));
            }
        }
        return new AcceptedToken(parts[0].strip(), Set.copyOf(scopes));
    }

    public String describe() {
        return token + "  (" + String.join(", ", scopes.stream().sorted().toList()) + ")";
    }
}
