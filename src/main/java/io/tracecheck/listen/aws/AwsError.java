package io.tracecheck.listen.aws;

import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.HttpExchange;

/** An error as an AWS service reports it: HTTP status, error code, message. */
public record AwsError(int status, String code, String message) {

    /** The kind of refusal the live view names: a SigV4 failure is unauthorized whatever status the service gives it. */
    public Arrival.Kind kind() {
        return switch (code) {
            case "MissingAuthenticationToken", "MissingAuthenticationTokenException", "InvalidClientTokenId",
                 "UnrecognizedClientException", "SignatureDoesNotMatch", "InvalidSignatureException", "ExpiredToken",
                 "ExpiredTokenException" -> Arrival.Kind.UNAUTHORIZED;
            case "ResourceNotFoundException", "UnknownOperationException" -> Arrival.Kind.NOT_FOUND;
            case "SerializationException", "InvalidRequestException", "InvalidParameterException" -> Arrival.Kind.MALFORMED;
            default -> status == 400 ? Arrival.Kind.REJECTED : Arrival.Kind.ofStatus(status);
        };
    }

    /** Why an app would get this error from listen, in words ("" when the message says enough). */
    public String cause(String path) {
        return switch (code) {
            // an unsigned sampling poll is the X-Ray endpoint's to explain: it knows where the daemon is
            case "MissingAuthenticationToken", "MissingAuthenticationTokenException" ->
                    path.equals("/GetSamplingRules") || path.equals("/SamplingTargets") ? ""
                            : "the request is not signed: AWS SDKs sign with the credentials they find (AWS_ACCESS_KEY_ID and "
                            + "AWS_SECRET_ACCESS_KEY from listen --print-env)";
            case "InvalidClientTokenId", "UnrecognizedClientException" -> "listen accepts only its own AWS test credentials "
                    + "(access key id " + AcceptedCredentials.LOCAL.accessKeyId() + ", exported by --print-env): the app "
                    + "signs with others, from its environment, a profile or an instance role";
            case "SignatureDoesNotMatch", "InvalidSignatureException" -> message.startsWith("Credential should be scoped")
                    ? "the request was signed for another service or a region AWS does not have: the SDK's region "
                    + "(AWS_REGION) must be a real region, and the endpoint override must match the service it signs for"
                    : message.startsWith("Signature expired")
                    ? "the signing machine's clock is more than 5 minutes off: set it right (NTP)"
                    : "the secret does not belong to the access key id: AWS_SECRET_ACCESS_KEY must be listen's (from "
                    + "--print-env), or something changed the request after it was signed";
            default -> "";
        };
    }

    /** Tells the exchange what the live view shows for this error: its kind, the message, the cause. */
    public HttpExchange describe(HttpExchange exchange) {
        String why = cause(exchange.path());
        exchange.kind(kind()).reason(code + ": " + message);
        return why.isEmpty() ? exchange : exchange.cause(why);
    }
}
