package io.tracecheck.propagation;

import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.http.HttpAnswer;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gitpod workspace port that is private answers for the workspace's owner only: anyone else, and
 * a browser's preflight (which carries no cookies), gets Gitpod's login redirect or a 401/403
 * instead of the backend's answer.
 */
final class GitpodPorts {
    /** {@code 4567-<workspace id>.<cluster host>}: the port is the leading number. */
    private static final Pattern PORT_HOST = Pattern.compile("^(\\d{2,5})-[^.]+\\.(.+)$");

    private GitpodPorts() {
    }

    static Optional<Problem> privatePort(HttpAnswer answer, URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        Matcher portHost = PORT_HOST.matcher(host);
        boolean gitpodHost = portHost.matches() && host.contains("gitpod");
        String location = answer.header("Location").orElse("").toLowerCase(Locale.ROOT);
        boolean toLogin = answer.status() >= 300 && answer.status() < 400
                && (location.contains("gitpod") || gitpodHost && (location.contains("login") || location.contains("auth")));
        boolean refused = gitpodHost && (answer.status() == 401 || answer.status() == 403);
        if (!toLogin && !refused) {
            return Optional.empty();
        }
        String port = portHost.matches() ? portHost.group(1) : Integer.toString(url.getPort() == -1 ? 443 : url.getPort());
        return Optional.of(Problem.of(ProblemCode.PROPAGATION_PRIVATE_PORT, "the port " + port + " is private: Gitpod answered "
                + "the preflight with " + (toLogin ? "a redirect to its login" : Integer.toString(answer.status()))
                + " instead of the backend, so the browser's request never reaches the app",
                "gp ports visibility " + port + ":public").headed("Gitpod port " + port + " is private"));
    }
}
