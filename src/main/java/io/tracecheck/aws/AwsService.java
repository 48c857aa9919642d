package io.tracecheck.aws;

import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Settings;
import io.tracecheck.core.ValueRules;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.XRayClientBuilder;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One AWS service as tracecheck calls it: its endpoint (AWS_ENDPOINT_URL_&lt;SERVICE&gt;, else
 * AWS_ENDPOINT_URL, else AWS's own for the region), the prefix of its IAM actions, and how its SDK
 * client is built. Each service's SDK classes load only when its factory method is called.
 */
public final class AwsService<B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> {
    private final String name;
    private final String prefix;
    private final KnownVariable endpointVariable;
    private final Supplier<B> builder;

    private AwsService(String name, String prefix, KnownVariable endpointVariable, Supplier<B> builder) {
        this.name = name;
        this.prefix = prefix;
        this.endpointVariable = endpointVariable;
        this.builder = builder;
    }

    public static AwsService<StsClientBuilder, StsClient> sts() {
        return new AwsService<>("STS", "sts", KnownVariable.AWS_ENDPOINT_URL_STS, StsClient::builder);
    }

    public static AwsService<XRayClientBuilder, XRayClient> xray() {
        return new AwsService<>("X-Ray", "xray", KnownVariable.AWS_ENDPOINT_URL_XRAY, XRayClient::builder);
    }

    public static AwsService<CloudWatchLogsClientBuilder, CloudWatchLogsClient> logs() {
        return new AwsService<>("CloudWatch Logs", "logs", KnownVariable.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS,
                CloudWatchLogsClient::builder);
    }

    /** The name people know it by: "X-Ray", "CloudWatch Logs". */
    public String displayName() {
        return name;
    }

    /** The IAM action for an operation: "xray:PutTraceSegments". */
    public String action(String operation) {
        return prefix + ":" + operation;
    }

    /** The endpoint set for this service, if any: its own variable first, then AWS_ENDPOINT_URL (as the SDKs read them). */
    Optional<URI> override(Settings settings) {
        return settings.text(endpointVariable).or(() -> settings.text(KnownVariable.AWS_ENDPOINT_URL))
                .flatMap(ValueRules::parseHttpUrl);
    }

    /** Where requests go: the override, else AWS's regional endpoint (amazonaws.com.cn in the China regions). */
    URI endpoint(Settings settings, String region) {
        return override(settings).orElseGet(() -> URI.create("https://" + prefix + "." + region + ".amazonaws.com"
                + (region.toLowerCase(Locale.ROOT).startsWith("cn-") ? ".cn" : "")));
    }

    B newBuilder() {
        return builder.get();
    }
}
