package io.tracecheck.aws;

import java.util.Locale;
import java.util.Set;

/**
 * What an AWS failure means, decided by its error code first. The HTTP status decides only when
 * AWS sent no code (an emulator's bare 404, a proxy's 502); the message decides only where the
 * service gives no other signal, and then only under the code that carries it (CloudWatch Logs
 * names the missing resource in the text of ResourceNotFoundException; X-Ray says "Group not
 * found" in an InvalidRequestException).
 */
public enum AwsError {
    CREDENTIALS_INVALID,
    CREDENTIALS_EXPIRED,
    SIGNATURE_MISMATCH,
    CLOCK_SKEW,
    ACCESS_DENIED,
    /** Throttled, whatever the status it came with (AWS sends most with 400). */
    THROTTLED,
    /** The request broke the service's rules: a name, a value, a missing field. */
    VALIDATION,
    LOG_GROUP_NOT_FOUND,
    LOG_STREAM_NOT_FOUND,
    XRAY_GROUP_NOT_FOUND,
    /** Any other ResourceNotFoundException. */
    RESOURCE_NOT_FOUND,
    ALREADY_EXISTS,
    /** The endpoint does not serve the operation: UnknownOperationException, or a 404 without a code. */
    UNSUPPORTED_OPERATION,
    /** Any other answer: judged by its status (429, 5xx, anything else). */
    OTHER_ANSWER,
    /** Something other than AWS answered: a proxy's 407 or refused tunnel, a redirect, a web page. */
    NOT_AWS,
    /** No answer: DNS, refused, TLS, timeout. */
    NETWORK,
    /** The calling thread was interrupted before the answer came. */
    INTERRUPTED;

    private static final Set<String> INVALID = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "InvalidAccessKeyId");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired");
    private static final Set<String> SIGNATURE = Set.of("SignatureDoesNotMatch", "InvalidSignatureException");
    /** IAM refusals as each protocol spells them: query (AccessDenied), JSON (…Exception), EC2, SNS. */
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnauthorizedAccess", "AuthorizationError", "AuthorizationErrorException", "ForbiddenException");
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
            "SlowDown", "ProvisionedThroughputExceededException", "BandwidthLimitExceeded");
    /** Requests that break the service's rules; every code starting InvalidParameter counts too (…Value, …Combination). */
    private static final Set<String> INVALID_REQUEST = Set.of("ValidationException", "ValidationError",
            "MissingParameter", "MissingRequiredParameter", "InvalidRequestException", "InvalidInputException",
            "InvalidInput", "InvalidArgument", "InvalidArgumentException", "MalformedQueryString",
            "InvalidQueryParameter", "SerializationException");
    private static final Set<String> UNKNOWN_OPERATION = Set.of("UnknownOperationException", "InvalidAction");

    /** {@code code} is empty when the answer carried none; {@code status} is the HTTP status. */
    public static AwsError classify(String code, String message, int status) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (code == null || code.isBlank()) {
            return status == 404 ? UNSUPPORTED_OPERATION : OTHER_ANSWER;
        }
        code = bare(code);
        if (INVALID.contains(code)) {
            return CREDENTIALS_INVALID;
        }
        if (EXPIRED.contains(code)) {
            return CREDENTIALS_EXPIRED;
        }
        if (SIGNATURE.contains(code)) {
            // AWS answers a request signed too long ago with the signature code, saying so in the text
            return text.contains("signature expired") ? CLOCK_SKEW : SIGNATURE_MISMATCH;
        }
        if (code.equals("RequestTimeTooSkewed")) {
            return CLOCK_SKEW;
        }
        if (DENIED.contains(code)) {
            return ACCESS_DENIED;
        }
        if (THROTTLING.contains(code)) {
            return THROTTLED;
        }
        if (code.equals("ResourceNotFoundException")) {
            return text.contains("log group") ? LOG_GROUP_NOT_FOUND
                    : text.contains("log stream") ? LOG_STREAM_NOT_FOUND : RESOURCE_NOT_FOUND;
        }
        if (code.equals("InvalidRequestException") && text.contains("group not found")) {
            return XRAY_GROUP_NOT_FOUND;
        }
        if (INVALID_REQUEST.contains(code) || code.startsWith("InvalidParameter")) {
            return VALIDATION;
        }
        if (code.equals("ResourceAlreadyExistsException")) {
            return ALREADY_EXISTS;
        }
        if (UNKNOWN_OPERATION.contains(code)) {
            return UNSUPPORTED_OPERATION;
        }
        return OTHER_ANSWER;
    }

    /**
     * The code without the decorations JSON services may add and an emulator may leave in:
     * {@code aws.protocoltests#AccessDeniedException}, {@code AccessDeniedException:http://…}.
     */
    static String bare(String code) {
        String bare = code.strip();
        int hash = bare.lastIndexOf('#');
        if (hash >= 0) {
            bare = bare.substring(hash + 1);
        }
        int colon = bare.indexOf(':');
        return colon > 0 ? bare.substring(0, colon) : bare;
    }

    /** Whether AWS answered at all (a proxy or a web page in its place does not count). */
    public boolean answered() {
        return this != NETWORK && this != INTERRUPTED && this != NOT_AWS;
    }
}
