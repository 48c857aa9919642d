package io.tracecheck.aws;

import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * AWS SDK exceptions as problems, at the backend boundary: the error code says what is wrong with
 * the credentials; the IAM action is named for AccessDenied; a skewed clock is measured from the
 * response's Date header. Nothing beyond this class sees an SDK exception.
 */
public final class AwsFailures {
    private AwsFailures() {
    }

    public static Problem of(RuntimeException error, String action, URI endpoint, Duration timeout, String provider) {
        if (error instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            String message = service.awsErrorDetails() == null ? String.valueOf(service.getMessage())
                    : String.valueOf(service.awsErrorDetails().errorMessage());
            return switch (code) {
                case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId" -> Problem.of(
                        ProblemCode.AWS_CREDENTIALS_INVALID, "AWS does not know the access key id (from " + provider + "): "
                                + code + ": " + message, null);
                case "ExpiredToken", "ExpiredTokenException", "RequestExpired" -> Problem.of(
                        ProblemCode.AWS_CREDENTIALS_EXPIRED, "the credentials from " + provider + " have expired: " + code, null);
                case "SignatureDoesNotMatch", "InvalidSignatureException" -> message.contains("Signature expired")
                        ? clockSkew(service, message) : Problem.of(ProblemCode.AWS_SIGNATURE_MISMATCH,
                        "AWS refused the signature (" + code + "): the secret access key from " + provider
                                + " does not belong to its access key id", null);
                case "RequestTimeTooSkewed" -> clockSkew(service, message);
                case "AccessDenied", "AccessDeniedException" -> Problem.of(ProblemCode.AWS_ACCESS_DENIED,
                        "the credentials may not call " + action + ": " + message,
                        "Allow " + action + " in the IAM policy of " + provider + "'s identity.");
                default -> NetworkFailures.ofStatus(service.statusCode(), Optional.empty(), code + ": " + message, endpoint);
            };
        }
        Throwable cause = error.getCause();
        if (error instanceof SdkClientException && cause instanceof IOException io) {
            return NetworkFailures.of(io, endpoint, timeout);
        }
        if (cause instanceof UncheckedIOException unchecked) {
            return NetworkFailures.of(unchecked.getCause(), endpoint, timeout);
        }
        if (error instanceof SdkClientException client && String.valueOf(client.getMessage()).contains("timed out")) {
            return NetworkFailures.of(new java.net.SocketTimeoutException("timeout"), endpoint, timeout);
        }
        return NetworkFailures.of(new IOException(error.getMessage(), error), endpoint, timeout);
    }

    private static Problem clockSkew(AwsServiceException service, String message) {
        Optional<String> date = service.awsErrorDetails() == null ? Optional.empty()
                : service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Date");
        String skew = date.map(d -> {
            try {
                Instant server = ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                long seconds = Duration.between(server, Instant.now()).getSeconds();
                return "this machine's clock is " + Math.abs(seconds) + " s " + (seconds >= 0 ? "ahead of" : "behind") + " AWS's";
            } catch (RuntimeException unparsable) {
                return "the clock differs from AWS's";
            }
        }).orElse("the clock differs from AWS's");
        return Problem.of(ProblemCode.AWS_CLOCK_SKEW, skew + " (more than 5 minutes): " + message, null);
    }
}
