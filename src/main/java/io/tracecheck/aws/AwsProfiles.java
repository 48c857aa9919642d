package io.tracecheck.aws;

import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A light reading of the shared config and credentials files (~/.aws/config, ~/.aws/credentials,
 * or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), enough for static answers: does the profile
 * exist, does it name a region, does it supply credentials. Values are never kept, only whether
 * they are present, except the region.
 */
public final class AwsProfiles {
    private final Map<String, Map<String, String>> profiles = new HashMap<>();
    private final Path configFile;
    private final Path credentialsFile;

    private AwsProfiles(Path configFile, Path credentialsFile) {
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
    }

    public static AwsProfiles read(Settings settings) {
        Optional<Path> home = settings.text(KnownVariable.HOME).map(Path::of);
        Path config = settings.text(KnownVariable.AWS_CONFIG_FILE).map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws/config")).orElse(null));
        Path credentials = settings.text(KnownVariable.AWS_SHARED_CREDENTIALS_FILE).map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws/credentials")).orElse(null));
        AwsProfiles profiles = new AwsProfiles(config, credentials);
        profiles.load(config, true);
        profiles.load(credentials, false);
        return profiles;
    }

    private void load(Path file, boolean isConfig) {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            String section = null;
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                    continue;
                }
                if (text.startsWith("[") && text.endsWith("]")) {
                    String name = text.substring(1, text.length() - 1).strip();
                    if (isConfig && name.startsWith("profile ")) {
                        name = name.substring("profile ".length()).strip();
                    } else if (isConfig && !name.equals("default")) {
                        section = null; // sso-session, services… are not profiles
                        continue;
                    }
                    section = name;
                    profiles.computeIfAbsent(section, k -> new HashMap<>());
                    continue;
                }
                int eq = text.indexOf('=');
                if (section != null && eq > 0) {
                    String key = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    // only the region is worth keeping as text; the rest is presence
                    profiles.get(section).put(key, key.equals("region") ? text.substring(eq + 1).strip() : "set");
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // An unreadable file is what the SDK would also skip; the live check reports the consequence.
        }
    }

    public boolean exists(String profile) {
        return profiles.containsKey(profile);
    }

    public Optional<String> region(String profile) {
        return Optional.ofNullable(profiles.getOrDefault(profile, Map.of()).get("region"));
    }

    /** Static keys, SSO, a role, or a credential process: something the SDK's profile provider can use. */
    public boolean suppliesCredentials(String profile) {
        Map<String, String> keys = profiles.getOrDefault(profile, Map.of());
        return keys.containsKey("aws_access_key_id") || keys.containsKey("sso_session")
                || keys.containsKey("sso_start_url") || keys.containsKey("role_arn")
                || keys.containsKey("credential_process") || keys.containsKey("web_identity_token_file");
    }

    public String describeFiles() {
        return (configFile == null ? "(no config file)" : configFile) + " and "
                + (credentialsFile == null ? "(no credentials file)" : credentialsFile);
    }
}
