package io.tracecheck.aws;

import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Preparation;
import io.tracecheck.core.Settings;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The shared config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else
 * ~/.aws/config and ~/.aws/credentials under the injected HOME), parsed once by the SDK's own
 * reader: the static review asks it whether a profile exists, names a region or supplies
 * credentials, and the live session hands the same parse to the SDK's providers and clients.
 * The files are parsed at the first question, so a review the environment already answers
 * (region and keys set), or one with neither file, loads nothing of the SDK. One instance serves
 * one check, on one thread.
 */
public final class AwsProfiles {
    private static final List<String> CREDENTIAL_KEYS = List.of("aws_access_key_id", "sso_session", "sso_start_url",
            "role_arn", "credential_process", "web_identity_token_file");

    private final Path configFile;
    private final Path credentialsFile;
    private final boolean anyFile;
    private ProfileFile parsed;

    private AwsProfiles(Path configFile, Path credentialsFile) {
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
        this.anyFile = readable(configFile) || readable(credentialsFile);
    }

    public static AwsProfiles read(Settings settings) {
        Optional<Path> home = settings.text(KnownVariable.HOME).map(Path::of);
        Path config = settings.text(KnownVariable.AWS_CONFIG_FILE).map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws/config")).orElse(null));
        Path credentials = settings.text(KnownVariable.AWS_SHARED_CREDENTIALS_FILE).map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws/credentials")).orElse(null));
        return new AwsProfiles(config, credentials);
    }

    private static boolean readable(Path file) {
        return file != null && Files.isRegularFile(file);
    }

    // Each question returns early without files: even an unused lambda over the SDK's Profile would load its classes.

    public boolean exists(String profile) {
        return anyFile && parsed().profile(profile).isPresent();
    }

    public Optional<String> region(String profile) {
        return !anyFile ? Optional.empty()
                : parsed().profile(profile).flatMap(p -> p.property("region")).map(String::strip).filter(r -> !r.isEmpty());
    }

    /** Static keys, SSO, a role, or a credential process: something the SDK's profile provider can use. */
    public boolean suppliesCredentials(String profile) {
        return anyFile && parsed().profile(profile)
                .map(p -> CREDENTIAL_KEYS.stream().anyMatch(key -> p.property(key).isPresent())).orElse(false);
    }

    public String describeFiles() {
        return (configFile == null ? "(no config file)" : configFile) + " and "
                + (credentialsFile == null ? "(no credentials file)" : credentialsFile);
    }

    /** The parse for the SDK's providers and clients, so that they never read the process's own files. */
    ProfileFile sdkFile() {
        return parsed();
    }

    private ProfileFile parsed() {
        if (parsed == null) {
            parsed = parse();
        }
        return parsed;
    }

    /** The credentials file first: where both set a profile's key, the SDK keeps the earlier file's, as its own chain does. */
    private ProfileFile parse() {
        // the first touch of the SDK on a review's path: after what is being prepared of it on the other core
        Preparation.await();
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        try {
            if (readable(credentialsFile)) {
                files.addFile(ProfileFile.builder().content(credentialsFile).type(ProfileFile.Type.CREDENTIALS).build());
            }
            if (readable(configFile)) {
                files.addFile(ProfileFile.builder().content(configFile).type(ProfileFile.Type.CONFIGURATION).build());
            }
            return files.build();
        } catch (RuntimeException unreadable) {
            // a file the SDK cannot read is one its chain would also fail on; the live check reports the consequence
            return ProfileFile.aggregator().build();
        }
    }
}
