package io.tracecheck.listen.aws;

import io.tracecheck.listen.HttpExchange;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 on a request the local backends receive, by recomputing it with
 * the AWS SDK's own signer over exactly the headers the client signed. Unknown key, wrong secret,
 * expired session and a skewed clock get the errors AWS gives them.
 */
@SuppressWarnings("deprecation") // Aws4Signer: see signature()
public final class SigV4Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")
            .withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** An AWS region's form: us-east-1, eu-central-2, us-gov-west-1, cn-north-1. listen serves every region. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** The error codes each protocol family uses for the same failures. */
    public enum Dialect {
        /** STS (query protocol): InvalidClientTokenId, SignatureDoesNotMatch. */
        QUERY("MissingAuthenticationToken", "InvalidClientTokenId", "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403),
        /** JSON services (X-Ray, CloudWatch Logs): UnrecognizedClientException, InvalidSignatureException. */
        JSON("MissingAuthenticationTokenException", "UnrecognizedClientException", "InvalidSignatureException",
                "InvalidSignatureException", 400);

        private final String missing;
        private final String unknownKey;
        private final String mismatch;
        private final String expiredSignature;
        private final int status;

        Dialect(String missing, String unknownKey, String mismatch, String expiredSignature, int status) {
            this.missing = missing;
            this.unknownKey = unknownKey;
            this.mismatch = mismatch;
            this.expiredSignature = expiredSignature;
            this.status = status;
        }
    }

    private final List<AcceptedCredentials> credentials;
    private final Clock clock;

    public SigV4Verifier(List<AcceptedCredentials> credentials, Clock clock) {
        this.credentials = List.copyOf(credentials);
        this.clock = clock;
    }

    /** The verified caller, or the error to answer with. */
    public record Verdict(AcceptedCredentials caller, AwsError error, String region) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Verifies the signature of a request to {@code service} ("sts", "xray", "logs"): a credential
     * scoped to another service, or to no region AWS has, is refused as AWS refuses it.
     */
    public Verdict verify(HttpExchange exchange, byte[] body, Dialect dialect, int errorStatus, String expectedService) {
        Optional<String> header = exchange.header("Authorization");
        if (header.isEmpty()) {
            return fail(errorStatus, dialect.missing, "Request is missing Authentication Token");
        }
        Matcher auth = AUTHORIZATION.matcher(header.get());
        if (!auth.find()) {
            return fail(errorStatus, dialect.missing, "Authorization header requires a SigV4 Credential, SignedHeaders and Signature");
        }
        String keyId = auth.group(1);
        String region = auth.group(3);
        String service = auth.group(4);
        Optional<AcceptedCredentials> known = credentials.stream().filter(c -> c.accessKeyId().equals(keyId)).findFirst();
        if (known.isEmpty()) {
            return fail(errorStatus, dialect.unknownKey, "The security token included in the request is invalid.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(exchange.header("X-Amz-Date").orElse("")));
        } catch (DateTimeParseException e) {
            return fail(errorStatus, dialect.missing, "X-Amz-Date is missing or malformed");
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            return fail(errorStatus, dialect.expiredSignature, "Signature expired: " + AMZ_DATE.format(signedAt)
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " - 5 min.)");
        }
        if (!REGION.matcher(region).matches()) {
            return fail(errorStatus, dialect.mismatch, "Credential should be scoped to a valid region. ");
        }
        if (!service.equals(expectedService)) {
            return fail(errorStatus, dialect.mismatch, "Credential should be scoped to correct service: '" + expectedService
                    + "'. ");
        }
        AcceptedCredentials caller = known.get();
        if (caller.expired()) {
            return fail(errorStatus, dialect == Dialect.QUERY ? "ExpiredToken" : "ExpiredTokenException",
                    "The security token included in the request is expired");
        }
        String expected = signature(exchange, body, auth.group(5).split(";"), caller, region, service, signedAt);
        if (!expected.equals(auth.group(6))) {
            return fail(errorStatus, dialect.mismatch, "The request signature we calculated does not match the signature "
                    + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
                    + "for details.");
        }
        return new Verdict(caller, null, region);
    }

    private static Verdict fail(int status, String code, String message) {
        return new Verdict(null, new AwsError(status, code, message), null);
    }

    private static String signature(HttpExchange exchange, byte[] body, String[] signedHeaders, AcceptedCredentials caller,
                                    String region, String service, Instant signedAt) {
        String host = exchange.header("Host").orElse("localhost");
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > 0 && host.indexOf(']') < colon;
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(exchange.method()))
                .protocol("http")
                .host(hasPort ? host.substring(0, colon) : host)
                .port(hasPort ? Integer.parseInt(host.substring(colon + 1)) : 80)
                .encodedPath(exchange.rawPath());
        exchange.query().ifPresent(query -> {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                request.appendRawQueryParameter(name, value);
            }
        });
        for (String name : signedHeaders) {
            if (!name.equals("host")) {
                exchange.header(name).ifPresent(value -> request.putHeader(name, value));
            }
        }
        // The classic Aws4Signer, because it signs exactly the headers given, as AWS's services check them;
        // the newer AwsV4HttpSigner adds and signs x-amz-content-sha256, which other clients do not send.
        AwsCredentials identity = caller.sessionToken() == null
                ? AwsBasicCredentials.create(caller.accessKeyId(), caller.secretAccessKey())
                : AwsSessionCredentials.create(caller.accessKeyId(), caller.secretAccessKey(), caller.sessionToken());
        request.contentStreamProvider(ContentStreamProvider.fromByteArray(body));
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                .awsCredentials(identity)
                .signingName(service)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build());
        String authorization = signed.firstMatchingHeader("Authorization").orElse("");
        Matcher matcher = Pattern.compile("Signature=([0-9a-f]{64})").matcher(authorization);
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : "";
    }
}
