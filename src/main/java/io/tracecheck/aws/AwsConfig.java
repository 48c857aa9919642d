package io.tracecheck.aws;

import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Setting;
import io.tracecheck.core.Settings;
import io.tracecheck.core.ValueRules;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static io.tracecheck.core.KnownVariable.AWS_ACCESS_KEY_ID;
import static io.tracecheck.core.KnownVariable.AWS_CONTAINER_CREDENTIALS_FULL_URI;
import static io.tracecheck.core.KnownVariable.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
import static io.tracecheck.core.KnownVariable.AWS_DEFAULT_REGION;
import static io.tracecheck.core.KnownVariable.AWS_ENDPOINT_URL;
import static io.tracecheck.core.KnownVariable.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
import static io.tracecheck.core.KnownVariable.AWS_ENDPOINT_URL_STS;
import static io.tracecheck.core.KnownVariable.AWS_ENDPOINT_URL_XRAY;
import static io.tracecheck.core.KnownVariable.AWS_PROFILE;
import static io.tracecheck.core.KnownVariable.AWS_REGION;
import static io.tracecheck.core.KnownVariable.AWS_SECRET_ACCESS_KEY;
import static io.tracecheck.core.KnownVariable.AWS_SESSION_TOKEN;
import static io.tracecheck.core.KnownVariable.AWS_WEB_IDENTITY_TOKEN_FILE;
import static io.tracecheck.core.KnownVariable.AWS_XRAY_DAEMON_ADDRESS;
import static io.tracecheck.core.KnownVariable.TRACECHECK_LOG_GROUP;
import static io.tracecheck.core.KnownVariable.TRACECHECK_LOG_STREAM;
import static io.tracecheck.core.KnownVariable.TRACECHECK_XRAY_GROUP;

/**
 * The static side of the AWS configuration shared by the X-Ray and CloudWatch Logs checks:
 * region, credentials as far as the environment and the shared files show them, endpoints, the
 * daemon address and resource names. The SDK's own chains take over in the live checks, reading
 * the same parse of the shared files ({@code profiles}).
 */
public record AwsConfig(Optional<String> region, String profile, DaemonAddress daemonAddress,
                        Optional<String> xrayGroup, String logGroup, Optional<String> logStream, AwsProfiles profiles) {

    private static final List<KnownVariable> OTHER_CREDENTIAL_SOURCES = List.of(
            AWS_WEB_IDENTITY_TOKEN_FILE, AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);

    /** What the X-Ray and CloudWatch Logs checks report when run by name with AWS unconfigured. */
    public static Problem notConfigured() {
        return notConfigured(Settings.of(java.util.Map.of()));
    }

    /** The same, its fix in the form these settings call for (a shell, Gitpod, a compose file). */
    public static Problem notConfigured(Settings settings) {
        return Problem.of(ProblemCode.CONFIG_MISSING, "AWS is not configured: no region or credentials in "
                + "the environment or ~/.aws", new io.tracecheck.core.Fixes(settings).awsCredentials(true));
    }

    public static boolean isConfigured(Settings settings, AwsProfiles profiles) {
        String profile = settings.text(AWS_PROFILE).orElse("default");
        return settings.isSet(AWS_REGION) || settings.isSet(AWS_DEFAULT_REGION) || settings.isSet(AWS_ACCESS_KEY_ID)
                || settings.isSet(AWS_PROFILE) || OTHER_CREDENTIAL_SOURCES.stream().anyMatch(settings::isSet)
                || profiles.region(profile).isPresent() || profiles.suppliesCredentials(profile);
    }

    public static AwsConfig review(ConfigReview review) {
        Settings settings = review.settings();
        AwsProfiles profiles = AwsProfiles.read(settings);
        boolean configured = isConfigured(settings, profiles);
        review.configured(configured, configured ? "configured"
                : "not configured: set AWS_REGION and credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)");

        String profile = ValueRules.shape(review, AWS_PROFILE).map(Setting::cleanText).orElse("default");
        if (settings.isSet(AWS_PROFILE) && !profiles.exists(profile)) {
            review.problem(AWS_PROFILE, ProblemCode.CONFIG_MISSING,
                    "AWS_PROFILE is '" + profile + "' but no such profile is in " + profiles.describeFiles(),
                    "Create it with: aws configure --profile " + profile + "  # or aws configure sso");
        }
        Optional<String> region = region(review, profiles, profile);
        credentials(review, profiles, profile, configured);
        for (KnownVariable endpoint : List.of(AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_XRAY, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS,
                AWS_ENDPOINT_URL_STS)) {
            ValueRules.url(review, endpoint, "http://127.0.0.1:4318");
        }
        DaemonAddress daemon = ValueRules.shape(review, AWS_XRAY_DAEMON_ADDRESS).map(s -> {
            DaemonAddress.Parsed parsed = DaemonAddress.parse(s.cleanText());
            parsed.error().ifPresent(error -> review.problem(AWS_XRAY_DAEMON_ADDRESS, ProblemCode.CONFIG_MALFORMED,
                    "AWS_XRAY_DAEMON_ADDRESS: " + error,
                    review.fixes().set("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000")));
            return parsed.address().orElse(DaemonAddress.DEFAULT);
        }).orElse(DaemonAddress.DEFAULT);

        Optional<String> group = name(review, TRACECHECK_XRAY_GROUP, AwsNames::xrayGroup, "an X-Ray group");
        String logGroup = name(review, TRACECHECK_LOG_GROUP, AwsNames::logGroup, "a log group").orElse("tracecheck");
        Optional<String> logStream = name(review, TRACECHECK_LOG_STREAM, AwsNames::logStream, "a log stream");
        AwsProxy.reviewProxies(review, endpoints(settings, region.orElse("us-east-1")));
        return new AwsConfig(region, profile, daemon, group, logGroup, logStream, profiles);
    }

    private static Optional<String> region(ConfigReview review, AwsProfiles profiles, String profile) {
        Optional<String> region = ValueRules.shape(review, AWS_REGION).map(Setting::cleanText);
        Optional<String> defaultRegion = ValueRules.shape(review, AWS_DEFAULT_REGION).map(Setting::cleanText);
        region.ifPresent(r -> checkRegion(review, AWS_REGION, r, profile));
        defaultRegion.ifPresent(r -> checkRegion(review, AWS_DEFAULT_REGION, r, profile));
        if (region.isPresent() && defaultRegion.isPresent() && !region.get().equals(defaultRegion.get())) {
            review.problem(AWS_DEFAULT_REGION, ProblemCode.CONFIG_CONFLICT,
                    "AWS_REGION is " + region.get() + " but AWS_DEFAULT_REGION is " + defaultRegion.get()
                            + "; the Java and Node SDKs read AWS_REGION, boto3 and the AWS CLI read AWS_DEFAULT_REGION, "
                            + "so a Python app and tracecheck would talk to different regions",
                    review.fixes().region(region.get()));
        }
        Optional<String> resolved = region.or(() -> defaultRegion).or(() -> profiles.region(profile));
        if (resolved.isEmpty() && review.configured()) {
            review.problem(AWS_REGION, ProblemCode.AWS_REGION_MISSING,
                    "no region: AWS_REGION and AWS_DEFAULT_REGION are unset and profile '" + profile + "' names none",
                    review.fixes().regionPrompt());
        }
        if (region.isEmpty() && defaultRegion.isEmpty()) {
            profiles.region(profile).ifPresent(r -> checkRegion(review, AWS_PROFILE, r, profile));
        }
        return resolved;
    }

    private static void checkRegion(ConfigReview review, KnownVariable variable, String region, String profile) {
        // the profile's region is fixed in the profile; a variable's in both variables, so the SDKs and the CLI agree
        String fix = variable == AWS_PROFILE ? review.fixes().profileRegion(profile, AwsRegions.closest(region))
                : review.fixes().region(AwsRegions.closest(region));
        if (!AwsRegions.wellFormed(region)) {
            review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                    variable.name() + " is '" + region + "', not a region code; did you mean " + AwsRegions.closest(region) + "?",
                    fix);
        } else if (!AwsRegions.known(region)) {
            review.problem(variable, ProblemCode.AWS_REGION_INVALID,
                    variable.name() + " is '" + region + "', which is not an AWS region; the closest is "
                            + AwsRegions.closest(region),
                    fix);
        } else {
            review.note(variable, "known region");
        }
    }

    private static void credentials(ConfigReview review, AwsProfiles profiles, String profile, boolean configured) {
        Settings settings = review.settings();
        Optional<Setting> id = ValueRules.shape(review, AWS_ACCESS_KEY_ID);
        Optional<Setting> secret = ValueRules.shape(review, AWS_SECRET_ACCESS_KEY);
        Optional<Setting> token = ValueRules.shape(review, AWS_SESSION_TOKEN);
        if (id.isPresent() && secret.isEmpty() && !settings.isSet(AWS_SECRET_ACCESS_KEY)) {
            review.problem(AWS_SECRET_ACCESS_KEY, ProblemCode.CONFIG_MISSING,
                    "AWS_ACCESS_KEY_ID is set (" + id.get().display() + ") but AWS_SECRET_ACCESS_KEY is not; "
                            + "the SDK ignores half a key pair",
                    review.fixes().prompt("AWS_SECRET_ACCESS_KEY") + "  # paste the secret created with that key id");
        }
        if (secret.isPresent() && id.isEmpty() && !settings.isSet(AWS_ACCESS_KEY_ID)) {
            review.problem(AWS_ACCESS_KEY_ID, ProblemCode.CONFIG_MISSING,
                    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; the SDK ignores half a key pair",
                    review.fixes().prompt("AWS_ACCESS_KEY_ID") + "  # paste the access key id of that secret");
        }
        id.ifPresent(s -> {
            var keyId = s.secret().cleaned();
            if (!keyId.test(v -> v.matches("(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,124}"))) {
                review.problem(AWS_ACCESS_KEY_ID, Problem.warn(ProblemCode.CONFIG_MALFORMED,
                        "AWS_ACCESS_KEY_ID (" + keyId.masked() + ") does not look like an access key id "
                                + "(20 upper-case letters and digits starting AKIA or ASIA)",
                        review.fixes().prompt("AWS_ACCESS_KEY_ID") + "  # paste the access key id again: IAM console or "
                                + "where the key came from"));
            } else if (keyId.test(v -> v.startsWith("ASIA")) && token.isEmpty()) {
                review.problem(AWS_SESSION_TOKEN, ProblemCode.CONFIG_MISSING,
                        "AWS_ACCESS_KEY_ID starts with ASIA, a temporary key, but AWS_SESSION_TOKEN is not set; "
                                + "AWS refuses temporary keys without their session token",
                        review.fixes().prompt("AWS_SESSION_TOKEN") + "  # paste the session token issued with the key");
            } else {
                review.note(AWS_ACCESS_KEY_ID, keyId.test(v -> v.startsWith("ASIA")) ? "temporary key" : "long-term key");
            }
        });
        secret.ifPresent(s -> {
            if (!s.secret().cleaned().test(v -> v.length() == 40)) {
                review.problem(AWS_SECRET_ACCESS_KEY, Problem.warn(ProblemCode.CONFIG_MALFORMED,
                        "AWS_SECRET_ACCESS_KEY has " + s.secret().cleaned().length() + " characters; secret access keys have 40",
                        review.fixes().prompt("AWS_SECRET_ACCESS_KEY") + "  # paste the secret again; AWS shows it only "
                                + "once, when the key is created"));
            }
        });
        boolean anyCredentials = id.isPresent() || profiles.suppliesCredentials(profile)
                || OTHER_CREDENTIAL_SOURCES.stream().anyMatch(settings::isSet);
        if (configured && !anyCredentials && !settings.isSet(AWS_ACCESS_KEY_ID)) {
            review.problem(AWS_ACCESS_KEY_ID, Problem.warn(ProblemCode.AWS_CREDENTIALS_MISSING,
                    "no credentials in the environment (AWS_ACCESS_KEY_ID), profile '" + profile
                            + "', web identity or container variables; only an instance role could still supply them, "
                            + "which tracecheck xray/logs check live",
                    review.fixes().awsCredentials(false)));
        }
    }

    /** Where STS, X-Ray and CloudWatch Logs calls go, as the SDK resolves them (an override, else AWS's own). */
    private static List<java.net.URI> endpoints(Settings settings, String region) {
        return List.of(AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_XRAY, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).stream()
                .map(variable -> settings.text(variable).or(() -> settings.text(AWS_ENDPOINT_URL)).flatMap(ValueRules::parseHttpUrl)
                        .orElseGet(() -> java.net.URI.create("https://" + (variable == AWS_ENDPOINT_URL_STS ? "sts"
                                : variable == AWS_ENDPOINT_URL_XRAY ? "xray" : "logs") + "." + region + ".amazonaws.com")))
                .toList();
    }

    /** A resource name the service would refuse is reported before any request; the check then uses the default. */
    private static Optional<String> name(ConfigReview review, KnownVariable variable,
                                         Function<String, Optional<AwsNames.Verdict>> rule, String what) {
        Optional<String> value = ValueRules.shape(review, variable).map(Setting::cleanText);
        Optional<AwsNames.Verdict> verdict = value.flatMap(rule);
        if (verdict.isPresent()) {
            review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                    variable.name() + " is '" + value.get() + "', which AWS refuses as " + what + " name: "
                            + verdict.get().problem(),
                    review.fixes().set(variable.name(), verdict.get().suggestion()));
            return Optional.empty();
        }
        return value.or(() -> variable.defaultValue());
    }
}
