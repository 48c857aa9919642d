package io.tracecheck.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Rules every backend applies to its variables: shape first, then URL syntax. */
public final class ValueRules {
    private ValueRules() {
    }

    /**
     * Whitespace and placeholder checks for a set variable. Returns the setting when its value is
     * usable for further rules (cleaned of whitespace), empty when it is unset, blank or a placeholder.
     */
    public static Optional<Setting> shape(ConfigReview review, KnownVariable variable) {
        Optional<Setting> found = review.settings().explicit(variable);
        if (found.isEmpty() || found.get().isBlank()) {
            return Optional.empty();
        }
        Setting setting = found.get();
        Optional<String> placeholder = setting.placeholder();
        if (placeholder.isPresent()) {
            review.problem(variable, ProblemCode.CONFIG_PLACEHOLDER,
                    variable.name() + " is the unexpanded placeholder " + placeholder.get()
                            + (setting.source() == Source.FILE ? " (from the env file)" : ""),
                    review.fixes().prompt(variable.name()) + "  # type the real value");
            return Optional.empty();
        }
        setting.whitespaceIssue().ifPresent(issue -> review.problem(variable, ProblemCode.CONFIG_WHITESPACE,
                variable.name() + " (" + setting.display() + ") has " + issue + "; SDKs send it as part of the value",
                setting.isSecret() ? review.fixes().prompt(variable.name()) + "  # paste the value without it"
                        : review.fixes().set(variable.name(), setting.cleanText())));
        return Optional.of(setting);
    }

    /** An http(s) URL with a host; anything else is {@code config.malformed}. */
    public static Optional<URI> url(ConfigReview review, KnownVariable variable, String example) {
        Optional<Setting> setting = shape(review, variable);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        String text = setting.get().cleanText();
        Optional<URI> uri = parseHttpUrl(text);
        if (uri.isEmpty()) {
            review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                    variable.name() + " is not an http(s) URL with a host: " + text,
                    review.fixes().set(variable.name(), example));
        }
        return uri;
    }

    public static Optional<URI> parseHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
