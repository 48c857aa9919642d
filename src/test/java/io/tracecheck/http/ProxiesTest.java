package io.tracecheck.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy variables read as requests, botocore and curl read them. */
class ProxiesTest {
    private static Proxies of(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Proxies.from(name -> Optional.ofNullable(env.get(name)));
    }

    @ParameterizedTest(name = "NO_PROXY={0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "example.com                | https://example.com/x          | direct",
        "example.com                | https://api.example.com/x      | direct",
        "example.com                | https://notexample.com/x       | proxy",
        ".example.com               | https://example.com/x          | direct",
        ".example.com               | https://a.b.example.com/x      | direct",
        "*.example.com              | https://api.example.com/x      | direct",
        "*                          | https://api.honeycomb.io/1/auth | direct",
        "example.com:8443           | https://example.com:8443/x     | direct",
        "example.com:8443           | https://example.com/x          | proxy",
        "10.1.2.3                   | http://10.1.2.3:4318/v1/traces | direct",
        "10.0.0.0/8                 | http://10.20.30.40:4318/       | direct",
        "10.0.0.0/8                 | http://11.0.0.1:4318/          | proxy",
        "'api.rollbar.com, .corp'   | https://git.corp/x             | direct",
        "'api.rollbar.com .corp'    | https://api.rollbar.com/x      | direct",
        "API.Example.COM            | https://api.example.com/x      | direct",
        "other.com                  | http://localhost:4318/x        | direct",
        "other.com                  | http://127.0.0.1:4318/x        | direct",
        "other.com                  | http://[::1]:4318/x            | direct",
        "other.com                  | http://otel-collector:4318/x   | proxy"})
    void noProxyEntries(String noProxy, String url, String expected) {
        Proxies proxies = of("HTTPS_PROXY", "http://proxy.corp:3128", "HTTP_PROXY", "http://proxy.corp:3128",
                "NO_PROXY", noProxy);
        assertThat(proxies.forUrl(URI.create(url)).isPresent() ? "proxy" : "direct").isEqualTo(expected);
    }

    @Test
    void lowerCaseWinsAndEachSchemeHasItsOwn() {
        Proxies proxies = of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2", "HTTP_PROXY", "plain:3");
        assertThat(proxies.forUrl(URI.create("https://api.honeycomb.io")).orElseThrow().address()).isEqualTo("lower:1");
        assertThat(proxies.forUrl(URI.create("https://api.honeycomb.io")).orElseThrow().variable()).isEqualTo("https_proxy");
        // no scheme: http, as curl and requests take it
        assertThat(proxies.forUrl(URI.create("http://collector.corp:4318")).orElseThrow().address()).isEqualTo("plain:3");
        assertThat(of("HTTP_PROXY", "http://p:3128").forUrl(URI.create("https://api.honeycomb.io"))).isEmpty();
    }

    @Test
    void credentialsArePercentDecodedAndNeverPrinted() {
        Proxies.Proxy proxy = of("HTTPS_PROXY", "http://me%40corp:p%3Ass@proxy.corp:3128").forUrl(URI.create("https://x.io"))
                .orElseThrow();
        assertThat(proxy.user()).contains("me@corp");
        assertThat(proxy.password()).contains("p:ss");
        assertThat(proxy.authorization()).contains("Basic " + java.util.Base64.getEncoder()
                .encodeToString("me@corp:p:ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(proxy.toString()).isEqualTo("proxy.corp:3128 (HTTPS_PROXY)");
        assertThat(proxy.display()).isEqualTo("http://…@proxy.corp:3128").doesNotContain("p:ss");
    }

    @Test
    void unusableValuesAreIssuesWithoutTheirValue() {
        Proxies proxies = of("HTTPS_PROXY", "socks5://me:secret@proxy.corp:1080", "HTTP_PROXY", "http://%zz@p:1");
        assertThat(proxies.forUrl(URI.create("https://api.honeycomb.io"))).isEmpty();
        assertThat(proxies.errors()).extracting(Proxies.Issue::variable).containsExactly("HTTPS_PROXY", "HTTP_PROXY");
        assertThat(proxies.errors().toString()).contains("socks5:// proxy").doesNotContain("secret");
        Proxies.Review review = proxies.review(java.util.List.of(URI.create("https://api.honeycomb.io")));
        assertThat(review.issues()).extracting(Proxies.Issue::variable).containsExactly("HTTPS_PROXY");
    }

    @Test
    void theReviewSaysWhichWayEachHostGoes() {
        Proxies.Review review = of("HTTPS_PROXY", "http://u:p@proxy.corp:3128", "NO_PROXY", "api.rollbar.com")
                .review(java.util.List.of(URI.create("https://api.honeycomb.io"), URI.create("https://api.rollbar.com")));
        assertThat(review.notes()).containsEntry("HTTPS_PROXY", "api.honeycomb.io goes through proxy.corp:3128; "
                + "api.rollbar.com goes direct (NO_PROXY entry api.rollbar.com)");
        assertThat(review.displays()).containsEntry("HTTPS_PROXY", "http://…@proxy.corp:3128");
    }
}
