package io.tracecheck.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration resolved from an injected environment, never from {@code System.getenv()}:
 * command-line flag &gt; process environment &gt; --env-file &gt; default.
 */
public final class Settings {
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final Map<String, String> flags;
    private final ComposeProject compose;

    private Settings(Map<String, String> env, Map<String, String> file, Map<String, String> flags, ComposeProject compose) {
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.flags = Map.copyOf(flags);
        this.compose = compose;
    }

    public static Settings of(Map<String, String> env, Map<String, String> file, Map<String, String> flags) {
        return new Settings(env, file, flags, null);
    }

    public static Settings of(Map<String, String> env) {
        return new Settings(env, Map.of(), Map.of(), null);
    }

    /** The same settings, knowing the docker-compose project around the shell (or the one --compose names). */
    public Settings withCompose(ComposeProject project) {
        return new Settings(env, file, flags, project);
    }

    /** The docker-compose project around the shell, when there is one. */
    public Optional<ComposeProject> compose() {
        return Optional.ofNullable(compose);
    }

    /** The setting as the app would see it, including its default; empty when unset with no default. */
    private Optional<Setting> get(String name) {
        Optional<Setting> explicit = find(name);
        if (explicit.isPresent()) {
            return explicit;
        }
        return KnownVariable.named(name).flatMap(KnownVariable::defaultValue)
                .map(value -> Setting.read(name, value, Source.DEFAULT));
    }

    public Optional<Setting> get(KnownVariable variable) {
        return get(variable.name());
    }

    private Optional<Setting> find(String name) {
        if (flags.containsKey(name)) {
            return Optional.of(Setting.read(name, flags.get(name), Source.FLAG));
        }
        if (env.containsKey(name)) {
            return Optional.of(Setting.read(name, env.get(name), Source.ENV));
        }
        if (file.containsKey(name)) {
            return Optional.of(Setting.read(name, file.get(name), Source.FILE));
        }
        return Optional.empty();
    }

    /** The setting only when something set it (flag, environment or file), defaults aside. */
    public Optional<Setting> explicit(KnownVariable variable) {
        return find(variable.name());
    }

    /** Set to something other than the empty string (an empty variable counts as unset, as in the SDKs). */
    public boolean isSet(KnownVariable variable) {
        return explicit(variable).filter(s -> !s.isBlank()).isPresent();
    }

    /** A plain variable's text, cleaned of copy-paste whitespace; empty when unset or blank. */
    public Optional<String> text(KnownVariable variable) {
        return get(variable).filter(s -> !s.isBlank()).map(Setting::cleanText);
    }

    public Optional<Secret> secret(KnownVariable variable) {
        return get(variable).filter(s -> !s.isBlank()).map(Setting::secret);
    }

    public boolean inGitpod() {
        return isSet(KnownVariable.GITPOD_WORKSPACE_ID);
    }

    /** Raw secret values of every source, for the output redaction net only. */
    List<String> secretValuesForRedaction() {
        List<String> values = new ArrayList<>();
        for (Map<String, String> source : List.of(flags, env, file)) {
            source.forEach((name, value) -> {
                if (KnownVariable.isSecretName(name)) {
                    values.add(value);
                }
            });
        }
        return values;
    }
}
