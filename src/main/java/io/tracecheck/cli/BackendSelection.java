package io.tracecheck.cli;

import io.tracecheck.registry.Backends;
import io.tracecheck.registry.Backends.Backend;

import java.util.ArrayList;
import java.util.List;

/** {@code --only} / {@code --skip} lists, validated against the backends' names and aliases. */
final class BackendSelection {
    private BackendSelection() {
    }

    /** The backends --only names (all when it is empty) that --skip does not, in report order. */
    static List<Backend> of(List<String> only, List<String> skip) {
        List<Backend> wanted = only == null || only.isEmpty() ? Backends.ALL : resolve(only, "--only");
        List<Backend> skipped = resolve(skip, "--skip");
        return Backends.ALL.stream().filter(b -> holds(wanted, b) && !holds(skipped, b)).toList();
    }

    /**
     * By identity: every backend is one of {@link Backends#ALL}, and a record's generated equals would
     * spin up its method handles on the startup path of every command.
     */
    private static boolean holds(List<Backend> backends, Backend backend) {
        for (Backend each : backends) {
            if (each == backend) {
                return true;
            }
        }
        return false;
    }

    private static List<Backend> resolve(List<String> names, String flag) {
        List<Backend> backends = new ArrayList<>();
        if (names == null) {
            return backends;
        }
        for (String name : names) {
            List<Backend> named = Backends.named(name);
            if (named.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, flag + ": unknown backend '" + name + "'; choose from "
                        + String.join(", ", Backends.names()));
            }
            backends.addAll(named);
        }
        return backends;
    }
}
