package io.tracecheck.core;

import java.util.Objects;

/**
 * One resolved configuration value. A secret one holds a {@link Secret} and will not hand out
 * its text: {@link #text()} is for plain values, {@link #secret()} for secret ones.
 */
public final class Setting {
    private final String name;
    private final Source source;
    private final String plain;
    private final Secret secret;

    private Setting(String name, Source source, String plain, Secret secret) {
        this.name = Objects.requireNonNull(name);
        this.source = Objects.requireNonNull(source);
        this.plain = plain;
        this.secret = secret;
    }

    static Setting read(String name, String raw, Source source) {
        return KnownVariable.isSecretName(name)
                ? new Setting(name, source, null, Secret.of(raw))
                : new Setting(name, source, raw, null);
    }

    public String name() {
        return name;
    }

    public Source source() {
        return source;
    }

    public boolean isSecret() {
        return secret != null;
    }

    /** The plain value. Secret settings refuse: use {@link #secret()}. */
    public String text() {
        if (secret != null) {
            throw new IllegalStateException(name + " is secret; use secret()");
        }
        return plain;
    }

    /** The value as a secret; a plain setting is wrapped so callers can treat both alike. */
    public Secret secret() {
        return secret != null ? secret : Secret.of(plain);
    }

    /** What is safe to print: the masked form of a secret, the plain value otherwise. */
    public String display() {
        if (secret != null) {
            return ValueShape.isOnlyPlaceholder(secret.reveal()) ? secret.reveal() : secret.masked();
        }
        return plain;
    }

    /** Shape checks that never return the value itself. */
    public java.util.Optional<String> whitespaceIssue() {
        return ValueShape.whitespaceIssue(secret != null ? secret.reveal() : plain);
    }

    public java.util.Optional<String> placeholder() {
        return ValueShape.placeholder(secret != null ? secret.reveal() : plain);
    }

    /** The plain value cleaned of copy-paste whitespace and quotes. */
    public String cleanText() {
        return ValueShape.clean(text());
    }

    public boolean isBlank() {
        return (secret != null ? secret.reveal() : plain).isBlank();
    }

    @Override
    public String toString() {
        return name + "=" + display() + " (" + source.id() + ")";
    }
}
