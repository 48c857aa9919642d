package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.listen.aws.AcceptedCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A correctly signed request whose body is not a JSON object gets each service's own
 * SerializationException: JSON 1.1's {@code __type} for CloudWatch Logs, X-Ray's error-type header.
 */
class AwsJsonBodyTest {
    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    @Test
    void logsAnswersWithAJson11SerializationException() throws Exception {
        HttpResponse<String> response = send("logs", "/", "{not json",
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Logs_20140328.PutLogEvents"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"__type\":\"SerializationException\"");
    }

    @Test
    void xrayAnswersWithItsErrorTypeHeader() throws Exception {
        HttpResponse<String> response = send("xray", "/TraceSegments", "[1, 2]", Map.of("Content-Type", "application/json"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    }

    @Test
    void anEmptyBodyIsAnEmptyObjectNotAnError() throws Exception {
        HttpResponse<String> response = send("xray", "/TraceSegments", "", Map.of("Content-Type", "application/json"));
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).isNotEqualTo(java.util.Optional.of("SerializationException"));
    }

    @SuppressWarnings("deprecation") // the classic signer signs exactly the headers given
    private HttpResponse<String> send(String service, String path, String body, Map<String, String> headers) throws Exception {
        URI base = URI.create(listen.backends().httpBaseUrl());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host(base.getHost()).port(base.getPort()).encodedPath(path)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(bytes));
        headers.forEach(request::putHeader);
        AcceptedCredentials local = AcceptedCredentials.LOCAL;
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(local.accessKeyId(), local.secretAccessKey()))
                .signingName(service).signingRegion(Region.US_EAST_1).build());
        HttpRequest.Builder http = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                http.header(name, values.get(0));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }
}
