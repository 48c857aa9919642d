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

    /** Whether a check (honeycomb, xray, logs, rollbar) is selected by --only and not left out by --skip. */
    static boolean selected(String check, List<String> only, List<String> skip) {
        resolve(only, "--only");
        resolve(skip, "--skip");
        boolean wanted = only == null || only.isEmpty() || only.stream().anyMatch(name -> name.strip().equalsIgnoreCase(check));
        boolean skipped = skip != null && skip.stream().anyMatch(name -> name.strip().equalsIgnoreCase(check));
        return wanted && !skipped;
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
