package io.tracecheck.aws;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The SDK's URL-connection client, with its TLS context made only when a request goes to an
 * https:// endpoint. The SDK's client builds an SSLContext when it is built (loading the JSSE
 * provider, its cipher suites and curves: 60-100 ms of a cold AWS check), which a check against
 * an http:// endpoint (a local backend) never uses. http:// requests go through the same client
 * class given a connection factory that opens the connection exactly as its own does for http
 * (the same proxy, chosen by the same rules, the same Basic proxy authorization, the same timeouts);
 * https:// requests go to the SDK's client as configured, built at the first of them.
 */
final class AwsHttp implements SdkHttpClient {
    private final Optional<ProxyConfiguration> proxy;
    private final Duration timeout;
    private final SdkHttpClient plain;
    private SdkHttpClient tls;

    /** {@code timeout}: connection and socket timeout; {@code proxy}: the proxy, or empty for none. */
    AwsHttp(Duration timeout, Optional<ProxyConfiguration> proxy) {
        this.timeout = timeout;
        this.proxy = proxy;
        this.plain = UrlConnectionHttpClient.create(this::open);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        boolean secure = "https".equalsIgnoreCase(request.httpRequest().protocol());
        return (secure ? tls() : plain).prepareRequest(request);
    }

    private synchronized SdkHttpClient tls() {
        if (tls == null) {
            UrlConnectionHttpClient.Builder builder = UrlConnectionHttpClient.builder().connectionTimeout(timeout)
                    .socketTimeout(timeout).tlsTrustManagersProvider(DeferredTrust::managers);
            proxy.ifPresent(builder::proxyConfiguration);
            tls = builder.build();
        }
        return tls;
    }

    /** What the SDK's client does for a URL that is not https: its proxy unless the host is excepted, and the timeouts. */
    private HttpURLConnection open(URI uri) {
        Optional<ProxyConfiguration> through = proxy.filter(p -> p.host() != null)
                .filter(p -> p.nonProxyHosts().stream().noneMatch(uri.getHost().toLowerCase(Locale.getDefault())::matches));
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) (through.isPresent()
                    ? uri.toURL().openConnection(new Proxy(Proxy.Type.HTTP,
                    InetSocketAddress.createUnresolved(through.get().host(), through.get().port())))
                    : uri.toURL().openConnection());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        through.filter(p -> !isEmpty(p.username()) && !isEmpty(p.password())).ifPresent(p -> connection.addRequestProperty(
                "proxy-authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (p.username() + ":" + p.password()).getBytes(StandardCharsets.UTF_8))));
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        return connection;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    @Override
    public String clientName() {
        return plain.clientName(); // the same name in the User-Agent whichever way a request goes
    }

    @Override
    public synchronized void close() {
        plain.close();
        if (tls != null) {
            tls.close();
        }
    }
}
