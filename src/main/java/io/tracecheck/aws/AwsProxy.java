package io.tracecheck.aws;

import io.tracecheck.network.CallAnswers;
import java.util.List;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Settings;
import io.tracecheck.http.Proxies;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The proxy of the AWS SDK's URL-connection client, from the injected environment as botocore (the
 * AWS CLI, boto3) reads it: HTTPS_PROXY for AWS's https endpoints (HTTP_PROXY for an http:// endpoint
 * override), NO_PROXY and loopback direct. The SDK never reads the process's own variables or system
 * properties for it. Its client matches hosts against regular expressions, one per NO_PROXY entry:
 * domains, addresses and '*' translate exactly; an entry's port is dropped (the host goes direct on
 * any port) and a CIDR block is not expressible, so it keeps only tracecheck's own calls direct.
 */
final class AwsProxy {
    private AwsProxy() {
    }

    static Proxies proxies(Settings settings) {
        return CallAnswers.proxies(settings);
    }

    /** The proxies of these endpoints, in the static review: unusable proxy values, and which way each host goes. */
    static void reviewProxies(ConfigReview review, List<URI> endpoints) {
        CallAnswers.reviewProxies(review, endpoints);
    }

    /** The proxy the session's calls go through; empty when they go direct. */
    static Optional<Proxies.Proxy> proxy(Settings settings) {
        Proxies proxies = proxies(settings);
        URI sample = settings.text(KnownVariable.AWS_ENDPOINT_URL).flatMap(io.tracecheck.core.ValueRules::parseHttpUrl)
                .orElse(URI.create("https://amazonaws.com"));
        URI scheme = URI.create(sample.getScheme().toLowerCase(java.util.Locale.ROOT) + "://amazonaws.com");
        return proxies.forUrl(scheme);
    }

    /** The SDK client's configuration for that proxy, or empty for none. */
    static Optional<ProxyConfiguration> configuration(Settings settings) {
        return proxy(settings).map(proxy -> {
            ProxyConfiguration.Builder builder = ProxyConfiguration.builder()
                    .endpoint(URI.create("http://" + proxy.address()))
                    .useSystemPropertyValues(false)
                    .useEnvironmentVariablesValues(false)
                    .nonProxyHosts(nonProxyHosts(settings));
            proxy.user().ifPresent(builder::username);
            proxy.password().ifPresent(builder::password);
            return builder.build();
        });
    }

    /** NO_PROXY and loopback as the host patterns the SDK's client matches whole, lower-case. */
    static Set<String> nonProxyHosts(Settings settings) {
        Set<String> patterns = new LinkedHashSet<>(Set.of("localhost", ".*\\.localhost", "127(\\.\\d{1,3}){3}",
                "\\[::1]", "\\[0:0:0:0:0:0:0:1]"));
        Optional<String> noProxy = settings.text(KnownVariable.no_proxy).or(() -> settings.text(KnownVariable.NO_PROXY));
        for (String entry : noProxy.orElse("").toLowerCase(java.util.Locale.ROOT).split("[,\\s]+")) {
            String host = entry.strip();
            if (host.isEmpty() || host.contains("/")) {
                continue; // a CIDR block has no host pattern
            }
            if (host.equals("*")) {
                patterns.add(".*");
                continue;
            }
            if (host.matches("[^:\\[]+:\\d{1,5}")) {
                host = host.substring(0, host.lastIndexOf(':'));
            } else if (host.matches("\\[[^]]+](:\\d{1,5})?")) {
                patterns.add(Pattern.quote(host.substring(0, host.indexOf(']') + 1)));
                continue;
            }
            host = host.startsWith("*.") ? host.substring(2) : host.startsWith(".") ? host.substring(1) : host;
            if (!host.isEmpty()) {
                patterns.add("(.*\\.)?" + Pattern.quote(host));
            }
        }
        return patterns;
    }
}
