package io.tracecheck.cli;

import io.tracecheck.Backends;
import io.tracecheck.core.BackendConfig;

import java.util.ArrayList;
import java.util.List;

/** {@code --only} / {@code --skip} lists, validated against the known backends. */
final class BackendSelection {
    private BackendSelection() {
    }

    static List<BackendConfig> configs(List<String> only, List<String> skip) {
        List<BackendConfig> selected = new ArrayList<>();
        List<BackendConfig> skipped = resolve(skip, "--skip");
        List<BackendConfig> wanted = only == null || only.isEmpty() ? Backends.CONFIGS : resolve(only, "--only");
        for (BackendConfig config : Backends.CONFIGS) {
            if (wanted.contains(config) && !skipped.contains(config)) {
                selected.add(config);
            }
        }
        return selected;
    }

    private static List<BackendConfig> resolve(List<String> names, String flag) {
        List<BackendConfig> configs = new ArrayList<>();
        if (names == null) {
            return configs;
        }
        for (String name : names) {
            configs.add(Backends.config(name).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                    flag + ": unknown backend '" + name + "'; choose from " + String.join(", ", Backends.names()))));
        }
        return configs;
    }
}
