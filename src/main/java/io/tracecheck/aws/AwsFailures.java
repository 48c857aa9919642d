package io.tracecheck.aws;

import io.tracecheck.core.Deadline;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkInterruptedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one place an SDK exception is read: its error code is classified ({@link AwsError}) and
 * worded as a problem: the credentials named by their provider, the IAM action for AccessDenied,
 * a skewed clock measured from the answer's Date header, throttling whatever its status. Called
 * only by {@link AwsClient}; what leaves package {@code aws} is an {@link AwsFailure}.
 */
final class AwsFailures {
    private AwsFailures() {
    }

    /** Who was called, for the wording: the IAM action, the endpoint, the deadline, where the credentials came from. */
    record Call(AwsService<?, ?> service, String operation, URI endpoint, Deadline deadline, String provider,
                Settings settings) {
        String action() {
            return service.action(operation);
        }
    }

    /** The call could not start: its deadline had passed already. */
    static AwsFailure late(Call call) {
        return new AwsFailure(AwsError.NETWORK, "", 0, NetworkFailures.of(new SocketTimeoutException("deadline passed"),
                call.endpoint(), call.deadline(), call.settings()));
    }

    static AwsFailure of(RuntimeException error, Call call) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof NotFromAws.Refused refused) {
                // worded where the answer was read: a proxy, a redirect or a web page, not AWS
                return new AwsFailure(refused.kind(), "", refused.status(), refused.problem());
            }
        }
        if (error instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "" : details.errorCode();
            String message = details == null || details.errorMessage() == null ? String.valueOf(service.getMessage())
                    : details.errorMessage();
            Optional<String> date = details == null || details.sdkHttpResponse() == null ? Optional.empty()
                    : details.sdkHttpResponse().firstMatchingHeader("Date");
            AwsError kind = AwsError.classify(code, message, service.statusCode());
            Problem problem = answered(kind, code, message, service.statusCode(), date, call);
            return new AwsFailure(kind, code, service.statusCode(),
                    problem.headed() ? problem : problem.headed(headline(kind, code, service.statusCode(), call)));
        }
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            // the SDK's own deadline (--timeout): a timeout, even though it interrupted the call to enforce it
            return new AwsFailure(AwsError.NETWORK, "", 0, NetworkFailures.of(new SocketTimeoutException(error.getMessage()),
                    call.endpoint(), call.deadline(), call.settings()));
        }
        if (interrupted(error)) {
            return new AwsFailure(AwsError.INTERRUPTED, "", 0, Problem.of(ProblemCode.NET_TIMEOUT, "interrupted before "
                    + call.endpoint().getHost() + " answered " + call.operation() + ": tracecheck was stopped",
                    "tracecheck doctor --timeout 30s  # let it finish: its own deadline, or a Ctrl-C, stopped it")
                    .headed("interrupted before " + call.endpoint().getHost() + " answered"));
        }
        return new AwsFailure(AwsError.NETWORK, "", 0, NetworkFailures.of(io(error), call.endpoint(), call.deadline(), call.settings()));
    }

    /** An error answer read by tracecheck's own HTTP client (a signed POST), mapped as an SDK exception with it would be. */
    static AwsFailure answer(String code, String message, int status, Optional<String> date, Call call) {
        AwsError kind = AwsError.classify(code, message, status);
        Problem problem = answered(kind, code, message, status, date, call);
        return new AwsFailure(kind, code, status, problem.headed() ? problem : problem.headed(headline(kind, code, status, call)));
    }

    /** The stage that failed and why, in a few words, for the step's detail and the check's summary. */
    private static String headline(AwsError kind, String code, int status, Call call) {
        String signal = code.isEmpty() ? "HTTP " + status : code;
        return switch (kind) {
            case CREDENTIALS_INVALID -> "AWS refused the key (" + signal + ")";
            case CREDENTIALS_EXPIRED -> "the credentials have expired (" + signal + ")";
            case SIGNATURE_MISMATCH -> "AWS refused the signature: the secret key does not match the key id";
            case CLOCK_SKEW -> "this machine's clock is off (" + signal + ")";
            case ACCESS_DENIED -> "not allowed to call " + call.action();
            case THROTTLED -> call.endpoint().getHost() + " throttled " + call.operation() + " (" + signal + ")";
            case VALIDATION -> call.service().displayName() + " refused " + call.operation() + " as invalid (" + signal + ")";
            case UNSUPPORTED_OPERATION -> "the endpoint does not serve " + call.operation();
            default -> call.service().displayName() + " answered " + call.operation() + " with " + signal;
        };
    }

    private static Problem answered(AwsError kind, String code, String message, int status, Optional<String> date,
                                    Call call) {
        String host = call.endpoint().getHost();
        return switch (kind) {
            case CREDENTIALS_INVALID -> Problem.of(ProblemCode.AWS_CREDENTIALS_INVALID, "AWS does not know the access key id (from "
                    + call.provider() + "): " + code + ": " + message, null);
            case CREDENTIALS_EXPIRED -> Problem.of(ProblemCode.AWS_CREDENTIALS_EXPIRED, "the credentials from " + call.provider()
                    + " have expired: " + code, null);
            case SIGNATURE_MISMATCH -> Problem.of(ProblemCode.AWS_SIGNATURE_MISMATCH, "AWS refused the signature (" + code
                    + "): the secret access key from " + call.provider() + " does not belong to its access key id", null);
            case CLOCK_SKEW -> Problem.of(ProblemCode.AWS_CLOCK_SKEW, skew(date, call.deadline().clock().instant())
                    + " (more than 5 minutes): " + message, null);
            case ACCESS_DENIED -> Problem.of(ProblemCode.AWS_ACCESS_DENIED, "the credentials may not call " + call.action()
                    + ": " + message, AccessDenied.read(message, call.action()).fix(call.provider()));
            case THROTTLED -> Problem.of(ProblemCode.HTTP_RATE_LIMITED, host + " throttled " + call.operation() + " (" + code
                            + ", HTTP " + status + "): " + message,
                    NetworkFailures.rerunAfter(Optional.empty()) + "; throttled every time: ask AWS to raise the "
                            + call.action() + " quota (Service Quotas)");
            case VALIDATION -> Problem.of(ProblemCode.HTTP_UNEXPECTED, call.service().displayName() + " refused "
                    + call.operation() + " as invalid (" + code + "): " + message,
                    "tracecheck env --only aws  # checks group and stream names by AWS's rules before any call; the value AWS "
                            + "refused is named above; an emulator may check more strictly than AWS");
            case UNSUPPORTED_OPERATION -> Problem.of(ProblemCode.HTTP_UNEXPECTED, "this " + call.service().displayName()
                    + " endpoint does not serve " + call.operation() + " (" + (code.isEmpty() ? String.valueOf(status) : code) + ")",
                    call.settings().isSet(io.tracecheck.core.KnownVariable.AWS_ENDPOINT_URL)
                            ? new io.tracecheck.core.Fixes(call.settings()).unset("AWS_ENDPOINT_URL") + "  # calls AWS itself: "
                            + "the emulator at " + host + " lacks " + call.operation()
                            : "tracecheck env --only aws  # shows the endpoint each AWS service is called at");
            case LOG_GROUP_NOT_FOUND, LOG_STREAM_NOT_FOUND, XRAY_GROUP_NOT_FOUND, RESOURCE_NOT_FOUND, ALREADY_EXISTS ->
                    Problem.of(ProblemCode.HTTP_UNEXPECTED, call.service().displayName() + " answered " + call.operation()
                            + " with " + code + ": " + message, null);
            default -> NetworkFailures.ofStatus(status, Optional.empty(),
                    (code.isEmpty() ? "" : code + ": ") + message, call.endpoint());
        };
    }

    private static boolean interrupted(RuntimeException error) {
        return error instanceof AbortedException || error.getCause() instanceof SdkInterruptedException
                || error.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted();
    }

    /** The I/O failure under an SDK client exception, for {@link NetworkFailures} to name. */
    private static IOException io(RuntimeException error) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedIOException timeout && !(cause instanceof SocketTimeoutException)) {
                return new SocketTimeoutException(timeout.getMessage());
            }
            if (cause instanceof IOException io) {
                return io;
            }
            if (cause instanceof UncheckedIOException unchecked) {
                return unchecked.getCause();
            }
        }
        if (error instanceof SdkException && String.valueOf(error.getMessage()).contains("timed out")) {
            return new SocketTimeoutException("timed out");
        }
        return new IOException(error.getMessage(), error);
    }

    private static String skew(Optional<String> date, Instant now) {
        return date.flatMap(d -> {
            try {
                return Optional.of(ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (RuntimeException unparsable) {
                return Optional.empty();
            }
        }).map(server -> {
            long seconds = Duration.between(server, now).getSeconds();
            return "this machine's clock is " + Math.abs(seconds) + " s " + (seconds >= 0 ? "ahead of" : "behind") + " AWS's";
        }).orElse("the clock differs from AWS's");
    }
}
