package io.tracecheck.aws;

import io.tracecheck.core.Deadline;
import io.tracecheck.core.Problem;
import io.tracecheck.core.Severity;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * An SDK client of one service, built by {@link AwsSession#client}, and the one way the checks
 * call it: {@link #call} returns the answer or throws the failure mapped by its error code, and
 * {@link #step} makes one request one step of a check. Every SDK call of a request (a paginator's
 * pages too) must run inside the function given, so that its failures are mapped here and it has
 * only what is left of the client's deadline (the check's, or a read-back's with {@link #until}).
 */
public final class AwsClient<C extends SdkClient> implements AutoCloseable {
    private final AwsService<?, C> service;
    private final C client;
    private final URI endpoint;
    private final AwsSession session;
    private final Deadline deadline;
    private final boolean owner;

    AwsClient(AwsService<?, C> service, C client, URI endpoint, AwsSession session) {
        this(service, client, endpoint, session, session.deadline(), true);
    }

    private AwsClient(AwsService<?, C> service, C client, URI endpoint, AwsSession session, Deadline deadline,
                      boolean owner) {
        this.service = service;
        this.client = client;
        this.endpoint = endpoint;
        this.session = session;
        this.deadline = deadline;
        this.owner = owner;
    }

    /** The same client, whose calls end by {@code other} instead (a read-back's --verify-timeout); closing it closes nothing. */
    public AwsClient<C> until(Deadline other) {
        return new AwsClient<>(service, client, endpoint, session, other, false);
    }

    /** Where the requests go: the configured override or AWS's regional endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    /** The session's region id, for messages, links and commands. */
    public String region() {
        return session.region();
    }

    /** One request ({@code operation} names it, as in the IAM action): its answer, or its failure mapped by error code. */
    public <T> T call(String operation, Function<C, T> request) throws AwsFailure {
        if (deadline.passed()) {
            throw AwsFailures.late(call(operation));
        }
        try {
            return CallDeadline.within(deadline, () -> request.apply(client));
        } catch (SdkException | UncheckedIOException e) {
            return rethrow(operation, e);
        }
    }

    private AwsFailures.Call call(String operation) {
        return new AwsFailures.Call(service, operation, endpoint, deadline, session.provider(), session.settings());
    }

    private <T> T rethrow(String operation, RuntimeException e) throws AwsFailure {
        AwsFailure failure = AwsFailures.of(e, call(operation));
        session.verbose(service.action(operation) + " failed: " + failure.kind() + " " + failure.signal());
        throw failure;
    }

    /**
     * One request as one step of a check: the step begins, the request runs, and the step ends with
     * {@code done}'s description of the answer (which may record problems of its own), or with the
     * failure as {@code failed} words it. Empty when the request failed.
     */
    public <T> Optional<T> step(StepTimer steps, String step, String operation, Function<C, T> request,
                                Function<T, String> done, Failed failed) {
        steps.begin(step);
        T answer;
        try {
            answer = call(operation, request);
        } catch (AwsFailure failure) {
            steps.problem(failed.wording().apply(failure));
            steps.end(failed.detail().apply(failure));
            return Optional.empty();
        }
        steps.end(done.apply(answer));
        return Optional.of(answer);
    }

    @Override
    public void close() {
        if (owner) {
            client.close();
        }
    }

    /** How a failed step ends: its detail, and the failure's problem or the check's own wording of it. */
    public record Failed(Function<AwsFailure, String> detail, Function<AwsFailure, Problem> wording) {
        /** The failure's problem as mapped, and this detail. */
        public static Failed ending(String detail) {
            return new Failed(failure -> detail, AwsFailure::problem);
        }

        /**
         * A step the check can do without: what AWS answered is a warning; no answer at all stays a
         * failure, since the next step would meet it too.
         */
        public static Failed advisory(String detail) {
            return new Failed(failure -> detail, failure -> failure.kind().answered()
                    ? failure.problem().at(Severity.WARN) : failure.problem());
        }

        /** This, except that a failure of {@code kind} is reported as {@code problem} words it. */
        public Failed when(AwsError kind, Function<AwsFailure, Problem> problem) {
            return new Failed(detail, failure -> failure.is(kind) ? problem.apply(failure) : wording.apply(failure));
        }

        /** As above, and the step ends with {@code kindDetail} then. */
        public Failed when(AwsError kind, String kindDetail, Function<AwsFailure, Problem> problem) {
            Failed worded = when(kind, problem);
            return new Failed(failure -> failure.is(kind) ? kindDetail : detail.apply(failure), worded.wording());
        }
    }
}
