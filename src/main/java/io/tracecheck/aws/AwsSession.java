package io.tracecheck.aws;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import io.tracecheck.core.ValueRules;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS steps X-Ray and CloudWatch Logs share: the region, the credentials (the SDK's own
 * providers in the SDK's order, fed from the injected configuration, never the process
 * environment), and who they are (STS GetCallerIdentity). Clients built here use the URL-connection
 * HTTP client, no retries, the check's deadline and the endpoint overrides.
 */
public final class AwsSession implements AutoCloseable {
    private final Region region;
    private final AwsCredentials credentials;
    private final String provider;
    private final Settings settings;
    private final Duration timeout;
    private final SdkHttpClient http;
    private final ProfileFile profileFile;
    private final String profileName;

    private AwsSession(Region region, AwsCredentials credentials, String provider, Settings settings, Duration timeout,
                       ProfileFile profileFile, String profileName) {
        this.region = region;
        this.credentials = credentials;
        this.provider = provider;
        this.settings = settings;
        this.timeout = timeout;
        this.profileFile = profileFile;
        this.profileName = profileName;
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build();
    }

    /**
     * Region and credentials as steps of a check; empty (with the problems recorded) when either
     * cannot be had. {@code config} is the static review's result.
     */
    public static Optional<AwsSession> open(AwsConfig config, ConfigReview review, CheckContext context, StepTimer steps) {
        Settings settings = context.settings();
        steps.begin("region");
        if (config.region().isEmpty()) {
            steps.problem(Problem.of(ProblemCode.AWS_REGION_MISSING, "no region: AWS_REGION and AWS_DEFAULT_REGION are unset and "
                    + "profile '" + config.profile() + "' names none", review.fixes().set("AWS_REGION", "us-east-1")));
            steps.end("no region");
            return Optional.empty();
        }
        Region region = Region.of(config.region().get());
        steps.end(region.id());

        steps.begin("credentials");
        ProfileFile profiles = profileFile(settings);
        Map<String, AwsCredentialsProvider> chain = chain(settings, profiles, config.profile());
        List<String> tried = new ArrayList<>();
        for (Map.Entry<String, AwsCredentialsProvider> link : chain.entrySet()) {
            tried.add(link.getKey());
            try {
                AwsCredentials resolved = link.getValue().resolveCredentials();
                steps.end("from " + link.getKey() + ", key id " + io.tracecheck.core.Secret.mask(resolved.accessKeyId()));
                return Optional.of(new AwsSession(region, resolved, link.getKey(), settings, context.timeout(), profiles,
                        config.profile()));
            } catch (RuntimeException unavailable) {
                context.verbose("credentials: " + link.getKey() + " gave none (" + unavailable.getClass().getSimpleName() + ")");
            }
        }
        steps.problem(Problem.of(ProblemCode.AWS_CREDENTIALS_MISSING, "no credentials: tried " + String.join(", ", tried),
                review.fixes().set("AWS_ACCESS_KEY_ID", "<key id>") + " and "
                        + review.fixes().set("AWS_SECRET_ACCESS_KEY", "<secret>") + ", or aws configure / aws sso login"));
        steps.end("none found");
        return Optional.empty();
    }

    /** The SDK's default chain order, each provider fed from the injected configuration. */
    private static Map<String, AwsCredentialsProvider> chain(Settings settings, ProfileFile profiles, String profile) {
        Map<String, AwsCredentialsProvider> chain = new LinkedHashMap<>();
        Optional<String> keyId = settings.secret(KnownVariable.AWS_ACCESS_KEY_ID).map(s -> s.cleaned().reveal());
        Optional<String> secret = settings.secret(KnownVariable.AWS_SECRET_ACCESS_KEY).map(s -> s.cleaned().reveal());
        Optional<String> token = settings.secret(KnownVariable.AWS_SESSION_TOKEN).map(s -> s.cleaned().reveal());
        if (keyId.isPresent() && secret.isPresent()) {
            chain.put("environment variables", StaticCredentialsProvider.create(token
                    .<AwsCredentials>map(t -> AwsSessionCredentials.create(keyId.get(), secret.get(), t))
                    .orElseGet(() -> AwsBasicCredentials.create(keyId.get(), secret.get()))));
        }
        chain.put("profile " + profile, ProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile).build());
        if (settings.explicit("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()
                || settings.explicit("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            chain.put("container credentials", ContainerCredentialsProvider.create());
        }
        if (!settings.explicit("AWS_EC2_METADATA_DISABLED").map(s -> s.text()).map("true"::equalsIgnoreCase).orElse(false)) {
            chain.put("instance profile", InstanceProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile)
                    .build());
        }
        return chain;
    }

    private static ProfileFile profileFile(Settings settings) {
        Optional<Path> home = settings.text(KnownVariable.HOME).map(Path::of);
        Path config = settings.text(KnownVariable.AWS_CONFIG_FILE).map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws/config")).orElse(Path.of("/nonexistent")));
        Path credentials = settings.text(KnownVariable.AWS_SHARED_CREDENTIALS_FILE).map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws/credentials")).orElse(Path.of("/nonexistent")));
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        if (Files.isRegularFile(credentials)) {
            files.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (Files.isRegularFile(config)) {
            files.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        return files.build();
    }

    public Region region() {
        return region;
    }

    public String provider() {
        return provider;
    }

    /** The endpoint for a service: its own AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else AWS's. */
    public Optional<URI> endpoint(KnownVariable serviceVariable) {
        return settings.text(serviceVariable).or(() -> settings.text(KnownVariable.AWS_ENDPOINT_URL))
                .flatMap(ValueRules::parseHttpUrl);
    }

    /** Configures any SDK client builder the same way: credentials, region, endpoint, HTTP client, deadline, no retries. */
    public <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B builder,
                                                                                             KnownVariable endpointVariable) {
        builder.region(region).credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout).retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(1)).defaultProfileFile(profileFile)
                        .defaultProfileName(profileName).build());
        endpoint(endpointVariable).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** STS GetCallerIdentity: the account and ARN, or the problem (credentials invalid, expired, wrong secret, skew…). */
    public Optional<GetCallerIdentityResponse> identity(StepTimer steps) {
        steps.begin("identity");
        try (StsClient sts = configure(StsClient.builder(), KnownVariable.AWS_ENDPOINT_URL_STS).build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            if (identity.account() == null || identity.arn() == null) {
                URI endpoint = endpoint(KnownVariable.AWS_ENDPOINT_URL_STS)
                        .orElse(URI.create("https://sts." + region.id() + ".amazonaws.com"));
                steps.problem(io.tracecheck.core.NetworkFailures.ofStatus(200, Optional.empty(),
                        "GetCallerIdentity answered without an account or ARN", endpoint));
                steps.end("no identity");
                return Optional.empty();
            }
            steps.end("account " + identity.account() + ", " + identity.arn() + " (credentials from " + provider + ")");
            return Optional.of(identity);
        } catch (RuntimeException e) {
            steps.problem(AwsFailures.of(e, "sts:GetCallerIdentity", endpoint(KnownVariable.AWS_ENDPOINT_URL_STS)
                    .orElse(URI.create("https://sts." + region.id() + ".amazonaws.com")), timeout, provider));
            steps.end("credentials not accepted");
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
