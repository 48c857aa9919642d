package io.tracecheck.network;

import java.util.List;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.Settings;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.Proxies;
import io.tracecheck.http.ProxyUnreachable;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Where a check meets the network's own answers: the proxies the app would use (read from the
 * injected settings as the app's HTTP clients read them), a proxy that cannot be reached, and answers
 * that are not the service's own (core's {@link ForeignAnswer}, fed from {@link HttpAnswer}). Every
 * check that calls over HTTP shares it.
 */
public final class CallAnswers {
    /** Enough of a body to tell a web page and find its title. */
    private static final int BODY_LOOK = 4096;

    private CallAnswers() {
    }

    /** The proxy variables of the injected environment, read as the app's HTTP client reads them. */
    public static Proxies proxies(Settings settings) {
        return Proxies.from(name -> KnownVariable.named(name).flatMap(settings::secret).map(s -> s.cleaned().reveal()));
    }

    /** The proxies of these endpoints, in the static review: unusable proxy values, and which way each host goes. */
    public static void reviewProxies(ConfigReview review, List<URI> endpoints) {
        Proxies.Review proxies = proxies(review.settings()).review(endpoints);
        for (Proxies.Issue issue : proxies.issues()) {
            review.problem(KnownVariable.named(issue.variable()).orElseThrow(), ProblemCode.CONFIG_MALFORMED, issue.message(),
                    review.fixes().prompt(issue.variable()) + "  # type the proxy URL, http://HOST:PORT");
        }
        for (Map.Entry<String, String> note : proxies.notes().entrySet()) {
            review.note(KnownVariable.named(note.getKey()).orElseThrow(), note.getValue());
        }
        for (Map.Entry<String, String> shown : proxies.displays().entrySet()) {
            review.display(KnownVariable.named(shown.getKey()).orElseThrow(), shown.getValue());
        }
    }

    public static ForeignAnswer.Seen seen(HttpAnswer answer) {
        byte[] start = Arrays.copyOf(answer.body(), Math.min(answer.body().length, BODY_LOOK));
        return new ForeignAnswer.Seen(answer.status(), answer.headers(), new String(start, StandardCharsets.UTF_8),
                answer.via().map(CallAnswers::via),
                answer.fromProxy());
    }

    /** A failed call, named by what failed: the proxy on the way when it could not be reached, else the target. */
    public static Problem network(IOException error, URI target, Deadline deadline, Settings settings) {
        if (error instanceof ProxyUnreachable proxy) {
            return NetworkFailures.throughProxy(proxy.failure(), via(proxy.proxy()), target, deadline, "the app uses",
                    new Fixes(settings));
        }
        return NetworkFailures.of(error, target, deadline, settings);
    }

    /** The same, for a call with a timeout of its own. */
    public static Problem network(IOException error, URI target, Duration timeout, Settings settings) {
        if (error instanceof ProxyUnreachable proxy) {
            return NetworkFailures.throughProxy(proxy.failure(), via(proxy.proxy()), target, timeout, "the app uses",
                    new Fixes(settings));
        }
        return NetworkFailures.of(error, target, timeout, settings);
    }

    private static ForeignAnswer.Via via(Proxies.Proxy proxy) {
        return new ForeignAnswer.Via(proxy.address(), proxy.variable(), proxy.hasCredentials());
    }

    /**
     * A proxy's or a web page's answer to any call: the shared cases of {@link ForeignAnswer#check}, with
     * fixes in the form {@code settings} call for (a proxy's credentials set with gp env in Gitpod).
     */
    public static Optional<Problem> foreign(HttpAnswer answer, URI url, String service, Optional<String> endpointFix,
                                            Settings settings) {
        return ForeignAnswer.check(seen(answer), asked(service, url, endpointFix, settings));
    }

    /** Who was asked, with the fixes of where the check runs. */
    public static ForeignAnswer.Asked asked(String service, URI url, Optional<String> endpointFix, Settings settings) {
        return new ForeignAnswer.Asked(service, url, endpointFix, new Fixes(settings));
    }
}
