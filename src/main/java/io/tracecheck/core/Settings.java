package io.tracecheck.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Configuration resolved from an injected environment, never from {@code System.getenv()}:
 * command-line flag &gt; process environment &gt; --env-file &gt; default.
 */
public final class Settings {
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final Map<String, String> flags;
    /** The project --compose names, or the one around the shell, found and parsed only when first asked for. */
    private final Supplier<Optional<ComposeProject>> compose;
    private final ComposeProject named;

    private Settings(Map<String, String> env, Map<String, String> file, Map<String, String> flags,
                     Supplier<Optional<ComposeProject>> compose, ComposeProject named) {
        this.named = named;
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.flags = Map.copyOf(flags);
        this.compose = compose;
    }

    public static Settings of(Map<String, String> env, Map<String, String> file, Map<String, String> flags) {
        return new Settings(env, file, flags, Optional::empty, null);
    }

    public static Settings of(Map<String, String> env) {
        return new Settings(env, Map.of(), Map.of(), Optional::empty, null);
    }

    /** The same settings, knowing the docker-compose project --compose names. */
    public Settings withCompose(ComposeProject project) {
        Optional<ComposeProject> named = Optional.of(project);
        return new Settings(env, file, flags, () -> named, project);
    }

    /**
     * The same settings, with the docker-compose project around the shell looked for only when a
     * diagnosis needs it (a host that does not resolve): most runs never read the compose file.
     */
    public Settings withComposeAround(Supplier<Optional<ComposeProject>> around) {
        Supplier<Optional<ComposeProject>> once = new Supplier<>() {
            private Optional<ComposeProject> found;

            @Override
            public synchronized Optional<ComposeProject> get() {
                if (found == null) {
                    found = around.get();
                }
                return found;
            }
        };
        return new Settings(env, file, flags, once, null);
    }

    /** The docker-compose project --compose names or the one around the shell, when there is one. */
    public Optional<ComposeProject> compose() {
        return compose.get();
    }

    /** Only the project --compose names: the container whose environment is checked. Never reads a file. */
    public Optional<ComposeProject> composeNamed() {
        return Optional.ofNullable(named);
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
