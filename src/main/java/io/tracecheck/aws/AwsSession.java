package io.tracecheck.aws;

import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Preparation;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Secret;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The AWS steps X-Ray and CloudWatch Logs share: the region, the credentials (the SDK's own
 * providers in the SDK's order, fed from the injected configuration and the one parse of the
 * shared files), and who they are (STS GetCallerIdentity). Its clients share one URL-connection
 * HTTP client, make no retries, use the endpoint overrides, and give each request only what is
 * left of the check's deadline.
 */
public final class AwsSession implements AutoCloseable {
    /** Who the credentials belong to, as STS says. */
    public record Identity(String account, String arn) {
    }

    private final Region region;
    private final AwsCredentials credentials;
    private final String provider;
    private final Settings settings;
    private final Duration timeout;
    private final Deadline deadline;
    private final Consumer<String> verbose;
    private final SdkHttpClient http;
    private final ProfileFile profileFile;
    private final String profileName;

    private AwsSession(Region region, AwsCredentials credentials, String provider, CheckContext context,
                       ProfileFile profileFile, String profileName) {
        this.region = region;
        this.credentials = credentials;
        this.provider = provider;
        this.settings = context.settings();
        this.timeout = context.timeout();
        this.deadline = context.deadline();
        this.verbose = context::verbose;
        this.profileFile = profileFile;
        this.profileName = profileName;
        // the whole budget is only the ceiling of one connection: each request's API call timeout is what is left
        this.http = new AwsHttp(timeout, AwsProxy.configuration(settings));
    }

    /**
     * Region and credentials as steps of a check; empty (with the problems recorded) when either
     * cannot be had. {@code config} is the static review's result.
     */
    public static Optional<AwsSession> open(AwsConfig config, ConfigReview review, CheckContext context, StepTimer steps) {
        // the SDK's clients may still be being prepared on the other core: this check's first touch of them waits
        Preparation.await();
        Settings settings = context.settings();
        steps.begin("region");
        if (config.region().isEmpty()) {
            steps.problem(Problem.of(ProblemCode.AWS_REGION_MISSING, "no region: AWS_REGION and AWS_DEFAULT_REGION are unset and "
                    + "profile '" + config.profile() + "' names none", review.fixes().regionPrompt())
                    .headed("no region set"));
            steps.end("no region");
            return Optional.empty();
        }
        Region region = Region.of(config.region().get());
        steps.end(region.id());

        steps.begin("credentials");
        ProfileFile profiles = config.profiles().sdkFile();
        Map<String, AwsCredentialsProvider> chain = chain(settings, profiles, config.profile());
        List<String> tried = new ArrayList<>();
        for (Map.Entry<String, AwsCredentialsProvider> link : chain.entrySet()) {
            tried.add(link.getKey());
            try {
                AwsCredentials resolved = link.getValue().resolveCredentials();
                steps.end("from " + link.getKey() + ", key id " + Secret.mask(resolved.accessKeyId()));
                return Optional.of(new AwsSession(region, resolved, link.getKey(), context, profiles, config.profile()));
            } catch (RuntimeException unavailable) {
                context.verbose("credentials: " + link.getKey() + " gave none (" + unavailable.getClass().getSimpleName() + ")");
            }
        }
        steps.problem(Problem.of(ProblemCode.AWS_CREDENTIALS_MISSING, "no credentials: tried " + String.join(", ", tried),
                review.fixes().awsCredentials(false))
                .headed("no credentials found"));
        steps.end("none found");
        return Optional.empty();
    }

    /**
     * The SDK's default chain order, each provider fed from the injected configuration. (The
     * container provider reads its URI and token variables itself; tracecheck only decides whether
     * to ask it.)
     */
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
        if (settings.isSet(KnownVariable.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)
                || settings.isSet(KnownVariable.AWS_CONTAINER_CREDENTIALS_FULL_URI)) {
            chain.put("container credentials", ContainerCredentialsProvider.create());
        }
        if (!settings.text(KnownVariable.AWS_EC2_METADATA_DISABLED).map("true"::equalsIgnoreCase).orElse(false)) {
            chain.put("instance profile", InstanceProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile)
                    .build());
        }
        return chain;
    }

    public String region() {
        return region.id();
    }

    /** Where the credentials came from ("environment variables", "profile staging"…). */
    /** The settings the session was made from: where a failure's fix finds the variables that named the endpoint. */
    public Settings settings() {
        return settings;
    }

    public String provider() {
        return provider;
    }

    /** The resolved credentials, for a signer outside the SDK's clients ({@link SignedPost}). */
    AwsCredentials credentials() {
        return credentials;
    }

    /** The check's deadline: every request of this session's clients ends by it. */
    Deadline deadline() {
        return deadline;
    }

    void verbose(String line) {
        verbose.accept(line);
    }

    /**
     * A client of {@code service}, built with only what every request needs: these credentials, the
     * region, the shared HTTP client, no retries, the endpoint override, the parsed profile files
     * in place of the process's own, and each request's timeout set to what is left of the deadline.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> AwsClient<C> client(
            AwsService<B, C> service) {
        B builder = service.newBuilder();
        builder.region(region);
        builder.credentialsProvider(StaticCredentialsProvider.create(credentials));
        builder.httpClient(http);
        builder.overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(timeout)
                .apiCallAttemptTimeout(timeout).addExecutionInterceptor(new CallDeadline())
                .retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                .defaultProfileFile(profileFile).defaultProfileName(profileName)
                .addExecutionInterceptor(new NotFromAws(service.displayName(),
                        AwsProxy.proxies(settings).forUrl(service.endpoint(settings, region.id())), deadline,
                        new Fixes(settings))).build());
        service.override(settings).ifPresent(builder::endpointOverride);
        return new AwsClient<>(service, builder.build(), service.endpoint(settings, region.id()), this);
    }

    /**
     * Builds and closes one client of each service the checks call, sending nothing (a loopback
     * endpoint that is never asked, fixed credentials, no profile file read): loads and initialises the
     * SDK's classes ahead of a check, while picocli builds the command model on the other core.
     */
    public static void prepareClasses(AwsService<?, ?>... services) {
        // the JDK's part of a request (signing providers, XML, HttpURLConnection) on the other core meanwhile
        Thread transport = new Thread(() -> {
            try {
                AwsTransport.prepare();
            } catch (RuntimeException | LinkageError onlyAHeadStart) {
                // nothing was sent: the first request loads the same classes itself and reports what fails
            }
        }, "tracecheck-prepare-aws-transport");
        transport.setDaemon(true);
        transport.start();
        try {
            SdkHttpClient http = new AwsHttp(Duration.ofSeconds(1), Optional.empty());
            ProfileFile none = ProfileFile.builder().content(new java.io.ByteArrayInputStream(new byte[0]))
                    .type(ProfileFile.Type.CONFIGURATION).build();
            for (AwsService<?, ?> service : services) {
                prepare(service, http, none);
            }
            http.close();
        } finally {
            // the preparation is over only when both parts are (Preparation.await waits for this thread alone)
            try {
                transport.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> void prepare(
            AwsService<B, C> service, SdkHttpClient http, ProfileFile none) {
        B builder = service.newBuilder();
        builder.region(Region.US_EAST_1);
        builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPREPARE", "prepare")));
        builder.httpClient(http);
        builder.overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                .retryStrategy(b -> b.maxAttempts(1)).defaultProfileFile(none).defaultProfileName("default").build());
        builder.endpointOverride(java.net.URI.create("http://127.0.0.1:9"));
        builder.build().close();
    }

    /** STS GetCallerIdentity as the "identity" step: the account and ARN, or the problem (invalid, expired, wrong secret, skew…). */
    public Optional<Identity> identity(StepTimer steps) {
        try (AwsClient<StsClient> sts = client(AwsService.sts())) {
            return sts.step(steps, "identity", "GetCallerIdentity", StsClient::getCallerIdentity,
                    answer -> complete(answer) ? "account " + answer.account() + ", " + answer.arn()
                            + " (credentials from " + provider + ")" : incomplete(steps, sts),
                    AwsClient.Failed.ending("no identity"))
                    .filter(AwsSession::complete).map(answer -> new Identity(answer.account(), answer.arn()));
        }
    }

    private static boolean complete(GetCallerIdentityResponse answer) {
        return answer.account() != null && answer.arn() != null;
    }

    private static String incomplete(StepTimer steps, AwsClient<StsClient> sts) {
        steps.problem(NetworkFailures.ofStatus(200, Optional.empty(), "GetCallerIdentity answered without an account or ARN",
                sts.endpoint()));
        return "no identity";
    }

    @Override
    public void close() {
        http.close();
    }
}
