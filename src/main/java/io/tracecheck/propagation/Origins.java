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
