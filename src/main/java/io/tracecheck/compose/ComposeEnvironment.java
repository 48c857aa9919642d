package io.tracecheck.compose;

import io.tracecheck.core.EnvFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a docker-compose service's container would see: its {@code env_file:} files, then its
 * {@code environment:} (map or list form) on top, interpolated as compose does from the current
 * environment and the project's {@code .env}. Also which referenced variables are unset in the
 * current shell (the container gets empty values for them).
 */
public record ComposeEnvironment(Map<String, String> variables, Set<String> unsetReferences, Path file, String service) {

    /** A compose file that cannot be used: not found, not YAML, no such service, a refused interpolation. */
    public static final class ComposeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ComposeException(String message) {
            super(message);
        }
    }

    @SuppressWarnings("unchecked")
    public static ComposeEnvironment read(Path file, String service, Map<String, String> shell) {
        Map<?, ?> root = ComposeFile.load(file);
        if (!(root.get("services") instanceof Map<?, ?> services)) {
            throw new ComposeException(file + ": no services: section");
        }
        if (!(services.get(service) instanceof Map<?, ?> definition)) {
            throw new ComposeException(file + ": no service '" + service + "' (services: "
                    + String.join(", ", services.keySet().stream().map(String::valueOf).toList()) + ")");
        }
        Path dir = file.toAbsolutePath().getParent();
        Map<String, String> sources = ComposeFile.sources(dir, shell); // the shell wins over the project's .env, as in compose
        Interpolation interpolation = new Interpolation(sources);
        Map<String, String> container = new LinkedHashMap<>();
        try {
            for (Path envFile : envFiles(definition.get("env_file"), dir)) {
                try {
                    EnvFile.read(envFile).forEach((name, value) -> container.put(name, interpolation.apply(value)));
                } catch (EnvFile.EnvFileException e) {
                    throw new ComposeException(file + " (service " + service + ", env_file): " + e.getMessage());
                }
            }
            Object environment = definition.get("environment");
            if (environment instanceof Map<?, ?> map) {
                map.forEach((name, value) -> put(container, String.valueOf(name), value == null ? null : String.valueOf(value),
                        sources, interpolation));
            } else if (environment instanceof List<?> list) {
                for (Object entry : list) {
                    String text = String.valueOf(entry);
                    int eq = text.indexOf('=');
                    put(container, eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1), sources,
                            interpolation);
                }
            } else if (environment != null) {
                throw new ComposeException(file + ": environment: of service " + service + " is neither a map nor a list");
            }
        } catch (Interpolation.InterpolationException e) {
            throw new ComposeException(file + " (service " + service + "): " + e.getMessage());
        }
        Set<String> unset = new LinkedHashSet<>(interpolation.unset());
        unset.removeIf(name -> shell.containsKey(name) || sources.containsKey(name));
        return new ComposeEnvironment(Map.copyOf(container), unset, file, service);
    }

    /** KEY: value is interpolated; a bare KEY takes the shell's value, or stays unset in the container. */
    private static void put(Map<String, String> container, String name, String value, Map<String, String> sources,
                            Interpolation interpolation) {
        if (value == null) {
            String passed = sources.get(name);
            if (passed != null) {
                container.put(name, passed);
            }
            return;
        }
        container.put(name, interpolation.apply(value));
    }

    static List<Path> envFiles(Object spec, Path dir) {
        List<Path> files = new ArrayList<>();
        if (spec == null) {
            return files;
        }
        List<?> entries = spec instanceof List<?> list ? list : List.of(spec);
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map) {
                Path path = dir.resolve(String.valueOf(map.get("path")));
                boolean required = !Boolean.FALSE.equals(map.get("required"));
                if (Files.isRegularFile(path) || required) {
                    files.add(path);
                }
            } else {
                files.add(dir.resolve(String.valueOf(entry)));
            }
        }
        return files;
    }
}
