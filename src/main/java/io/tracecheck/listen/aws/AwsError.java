package io.tracecheck.listen.aws;

/** An error as an AWS service reports it: HTTP status, error code, message. */
public record AwsError(int status, String code, String message) {
}
