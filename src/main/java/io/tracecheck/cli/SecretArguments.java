package io.tracecheck.cli;

import io.tracecheck.core.Redactor;
import io.tracecheck.core.Secret;
import io.tracecheck.core.ValueShape;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secrets a command line carries: the values of the options that take a key or token, in
 * either form ({@code --read-token T}, {@code --read-token=T}), and, where a command line is
 * shown back (a usage error, the shell's history), any other word shaped like a key.
 */
final class SecretArguments {
    /** Every option whose value is a key or token; SecretArgumentsTest keeps this list complete. */
    static final Set<String> OPTIONS = Set.of("--read-token", "--honeycomb-key", "--rollbar-token");

    private SecretArguments() {
    }

    /** The declared secret options' values, registered before anything can print them. */
    static void registerDeclared(Redactor redactor, List<String> args) {
        found(args, false).forEach(redactor::register);
    }

    /** Those, and every word shaped like a key: for output that shows the command line back. */
    static void registerAll(Redactor redactor, List<String> args) {
        found(args, true).forEach(redactor::register);
    }

    /** {@code line} with each secret its words hold masked, as the shell's history keeps it. */
    static String mask(String line, List<String> words) {
        String masked = line;
        for (String secret : found(words, true)) {
            masked = masked.replace(secret, Secret.mask(secret));
        }
        return masked;
    }

    private static Set<String> found(List<String> args, boolean shaped) {
        Set<String> secrets = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg == null) {
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            if (OPTIONS.contains(name)) {
                String value = eq > 0 && name.length() == eq ? arg.substring(eq + 1)
                        : i + 1 < args.size() ? args.get(++i) : null;
                declared(value, secrets);
            } else if (shaped && arg.startsWith("-") && eq > 0) {
                String value = arg.substring(eq + 1);
                if (ValueShape.looksLikeSecret(value)) {
                    secrets.add(value);
                }
            } else if (shaped && ValueShape.looksLikeSecret(arg)) {
                secrets.add(arg);
            }
        }
        return secrets;
    }

    /** KEY[:KIND[:PERMS]] and TOKEN[:SCOPES]: the key before the first colon; the kind and scopes are no secret. */
    private static void declared(String value, Set<String> secrets) {
        if (value == null || value.isEmpty()) {
            return;
        }
        int colon = value.indexOf(':');
        secrets.add(colon > 0 ? value.substring(0, colon) : value);
    }
}
