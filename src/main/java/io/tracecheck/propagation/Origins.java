package io.tracecheck.propagation;

import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Settings;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Origins as browsers write them, and the frontend's origin when the user names none. */
final class Origins {
    /** The port a React dev server listens on. */
    static final int FRONTEND_PORT = 3000;

    private Origins() {
    }

    /**
     * The URL as reports show it: no user or password, and the value of a query parameter whose
     * name says it holds a credential ({@code token}, {@code api_key}…) masked; an app's URL is the
     * user's to choose, and some carry a key.
     */
    static String shown(URI url) {
        String query = url.getRawQuery();
        String shownQuery = query == null ? "" : "?" + java.util.Arrays.stream(query.split("&")).map(pair -> {
            int eq = pair.indexOf('=');
            return eq > 0 && io.tracecheck.core.KnownVariable.isSecretName(pair.substring(0, eq))
                    ? pair.substring(0, eq) + "=…" : pair;
        }).collect(java.util.stream.Collectors.joining("&"));
        return of(url) + (url.getRawPath() == null ? "" : url.getRawPath()) + shownQuery;
    }

    /** The URL without user, password or query: what a network problem names. */
    static URI bare(URI url) {
        return URI.create(of(url) + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()));
    }

    /** {@code scheme://host[:port]}, the port only when it is not the scheme's default. */
    static String of(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /**
     * The frontend's origin: in a Gitpod workspace its port 3000 URL
     * ({@code https://3000-<workspace id>.<cluster host>}), else {@code http://localhost:3000}.
     */
    static String frontend(Settings settings, URI backend) {
        Optional<String> id = settings.text(KnownVariable.GITPOD_WORKSPACE_ID);
        Optional<String> cluster = settings.text(KnownVariable.GITPOD_WORKSPACE_CLUSTER_HOST);
        if (id.isPresent() && cluster.isPresent()) {
            return "https://" + FRONTEND_PORT + "-" + id.get() + "." + cluster.get();
        }
        return "http://localhost:" + FRONTEND_PORT;
    }
}
