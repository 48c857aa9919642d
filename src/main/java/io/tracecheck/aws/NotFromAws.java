package io.tracecheck.aws;

import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.http.Proxies;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the AWS SDK's answers can be read before the SDK reads them: an interceptor on every
 * client that looks at each HTTP answer (status, headers, the first bytes of the body) and at
 * each failure, and stops the call with {@link Refused} when something other than AWS answered (a
 * proxy's 407 or refused tunnel, a redirect, a web page, an empty 200 with no content type) or
 * when the proxy on the way could not be reached. Left alone, the SDK reads an HTML 200 as an
 * empty success, a 407 as an error without a code, and a refused tunnel as a failed connection
 * to AWS. {@link AwsFailures} turns {@link Refused} into its problem as it is.
 */
final class NotFromAws implements ExecutionInterceptor {
    /** Enough of a body to tell a web page and find its title. */
    private static final int LOOK = 4096;
    /** How HttpURLConnection reports a proxy that refused CONNECT; the proxy's headers are not kept. */
    private static final Pattern TUNNEL = Pattern.compile("Unable to tunnel through proxy\\. Proxy returns \"HTTP/\\d\\.\\d (\\d{3})");

    private final String service;
    private final Optional<Proxies.Proxy> proxy;
    private final Deadline deadline;
    private final Fixes fixes;

    /** {@code deadline}: the check's, for the wording of a proxy that did not answer; {@code fixes}: the form of a fix here. */
    NotFromAws(String service, Optional<Proxies.Proxy> proxy, Deadline deadline, Fixes fixes) {
        this.service = service;
        this.proxy = proxy;
        this.deadline = deadline;
        this.fixes = fixes;
    }

    /**
     * Why a call was stopped: AWS did not answer it. The problem is worded already. It travels as
     * the cause of an SdkClientException, since the SDK rebuilds the exceptions it rethrows (adding
     * the attempt count) and keeps only their causes.
     */
    static final class Refused extends RuntimeException {
        private final transient Problem problem;
        private final AwsError kind;
        private final int status;

        Refused(Problem problem, AwsError kind, int status, Throwable cause) {
            super(problem.message(), cause, false, false);
            this.problem = problem;
            this.kind = kind;
            this.status = status;
        }

        SdkClientException thrown() {
            return SdkClientException.create(getMessage(), this);
        }

        Problem problem() {
            return problem;
        }

        AwsError kind() {
            return kind;
        }

        int status() {
            return status;
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        SdkHttpResponse response = context.httpResponse();
        BufferedInputStream body = context.responseBody().map(in -> new BufferedInputStream(in, LOOK)).orElse(null);
        String start = "";
        if (body != null) {
            try {
                body.mark(LOOK);
                start = new String(body.readNBytes(LOOK), StandardCharsets.UTF_8);
                body.reset();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        ForeignAnswer.Seen seen = new ForeignAnswer.Seen(response.statusCode(), headers, start, via(), false);
        ForeignAnswer.Asked asked = new ForeignAnswer.Asked(service, context.httpRequest().getUri(), Optional.empty(), fixes);
        Optional<Problem> foreign = ForeignAnswer.check(seen, asked);
        // every AWS answer names its type (JSON or XML), even an empty one
        if (foreign.isEmpty() && response.isSuccessful() && start.isBlank() && seen.contentType().isEmpty()) {
            foreign = Optional.of(ForeignAnswer.unreadable(seen, asked, service + "'s JSON or XML"));
        }
        if (foreign.isPresent()) {
            throw new Refused(foreign.get(), AwsError.NOT_AWS, response.statusCode(), null).thrown();
        }
        return Optional.ofNullable(body);
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable error = context.exception();
        if (proxy.isEmpty() || inChain(error, Refused.class) != null) {
            return error;
        }
        URI target = context.httpRequest().map(r -> r.getUri()).orElse(URI.create("https://amazonaws.com"));
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Matcher tunnel = TUNNEL.matcher(String.valueOf(cause.getMessage()));
            if (tunnel.find()) {
                int status = Integer.parseInt(tunnel.group(1));
                ForeignAnswer.Seen seen = new ForeignAnswer.Seen(status, Map.of(), "", via(), true);
                return new Refused(ForeignAnswer.check(seen, new ForeignAnswer.Asked(service, target, Optional.empty(), fixes))
                        .orElseThrow(), AwsError.NOT_AWS, status, error).thrown();
            }
        }
        // through a proxy every connection is to the proxy: not reaching it is the proxy's failure, not AWS's
        IOException unreachable = (IOException) Optional.<Throwable>ofNullable(inChain(error, UnknownHostException.class))
                .or(() -> Optional.ofNullable(inChain(error, ConnectException.class)))
                .or(() -> Optional.ofNullable(inChain(error, NoRouteToHostException.class))).orElse(null);
        if (unreachable != null) {
            return new Refused(NetworkFailures.throughProxy(unreachable, via().orElseThrow(), target, deadline,
                    "the AWS CLI and boto3 use", fixes), AwsError.NETWORK, 0, error).thrown();
        }
        return error;
    }

    private Optional<ForeignAnswer.Via> via() {
        return proxy.map(p -> new ForeignAnswer.Via(p.address(), p.variable(), p.hasCredentials()));
    }

    private static Throwable inChain(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }
}
