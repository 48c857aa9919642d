package io.tracecheck.aws;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.net.URI;
import java.util.LinkedHashMap;

import java.util.Map;
import java.util.Optional;

/**
 * A POST that is not an SDK operation (the OTLP traces endpoint) signed by the AWS SDK's own SigV4
 * signer with the session's credentials, and its refusals mapped as {@link AwsClient} maps an SDK
 * call's: by error code, naming the credentials' provider and the IAM action.
 */
public final class SignedPost {
    private final AwsSession session;
    private final AwsService<?, ?> service;
    private final String signingName;
    private final String operation;

    /** {@code operation}: the IAM action's name, for messages ("PutSpans" gives xray:PutSpans). */
    public SignedPost(AwsSession session, AwsService<?, ?> service, String signingName, String operation) {
        this.session = session;
        this.service = service;
        this.signingName = signingName;
        this.operation = operation;
    }

    /**
     * The headers that carry the signature (Authorization, X-Amz-Date, the session token and the
     * payload hash), to send with the body and {@code contentType}. The Host and Content-Type the
     * client writes itself are signed as it will write them.
     */
    public Map<String, String> headers(URI url, String contentType, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.POST)
                .putHeader("Content-Type", contentType).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(session.credentials()).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, session.region())
                .putProperty(HttpSigner.SIGNING_CLOCK, session.deadline().clock()));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Type")) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }

    /**
     * An AWS error answer read off the wire: its code ({@code x-amzn-ErrorType}, or {@code __type}
     * in the body), message and status, as the SDK's exception would carry them.
     */
    public AwsFailure refused(URI url, int status, Map<String, String> headers, String body) {
        String code = header(headers, "x-amzn-ErrorType").or(() -> field(body, "__type")).orElse("");
        code = code.contains(":") ? code.substring(0, code.indexOf(':')) : code; // "Code:http://…" as REST-JSON writes it
        String message = field(body, "message").or(() -> field(body, "Message")).orElse(body.strip());
        return AwsFailures.answer(code, message, status, header(headers, "Date"),
                new AwsFailures.Call(service, operation, url, session.deadline(), session.provider(), session.settings()));
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .filter(v -> !v.isBlank()).findFirst();
    }

    private static Optional<String> field(String body, String name) {
        try {
            Object value = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(body).get(name);
            return value instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
        } catch (java.io.IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

}
