package io.tracecheck.compose;

import io.tracecheck.compose.ComposeEnvironment.ComposeException;
import io.tracecheck.core.ComposeProject;
import io.tracecheck.core.ComposeProject.Definition;
import io.tracecheck.core.ComposeProject.Port;
import io.tracecheck.core.ComposeProject.Service;
import io.tracecheck.core.EnvFile;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.RegularFile;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker-compose file read for what its services are on the network: the names a container
 * reaches each one by (service name, {@code container_name}, {@code hostname}, network
 * {@code aliases}, the default container name), the {@code ports:} it publishes, and how its
 * {@code environment:} and {@code env_file:} define each variable.
 */
public final class ComposeFile {
    /** The names docker compose looks for, in its order of preference. */
    /** A compose file is read whole, up to this size (compose files are a few KiB). */
    static final long MAX_BYTES = 4L << 20;
    /** Deeper than any compose file nests (services, a service, environment, a value: four or five). */
    static final int MAX_DEPTH = 64;
    static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

    // [host_ip:][published[-end]:]target[-end][/protocol], host_ip possibly an [IPv6] in brackets
    private static final Pattern SHORT_PORT = Pattern.compile(
            "(?:(\\[[0-9A-Fa-f:.]*]|\\d{1,3}(?:\\.\\d{1,3}){3}):)?(?:(\\d*)(?:-(\\d+))?:)?(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?");

    private ComposeFile() {
    }

    /** The compose file docker compose would use from {@code directory}: the first default name found there or above. */
    public static Optional<Path> discover(Path directory) {
        for (Path dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            for (String name : DEFAULT_NAMES) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The project docker compose would use from the shell's current directory ({@code PWD} of {@code env}:
     * the JVM's own directory is not the user's when a test or a wrapper starts it); empty when there is
     * none, or it cannot be read (a file the user did not name is no reason to fail).
     */
    public static Optional<ComposeProject> around(Map<String, String> env) {
        String pwd = env.get(KnownVariable.PWD.name());
        if (pwd == null || pwd.isBlank()) {
            return Optional.empty();
        }
        try {
            return discover(Path.of(pwd)).map(file -> read(file, Optional.empty(), env));
        } catch (ComposeException | java.nio.file.InvalidPathException unusable) {
            return Optional.empty();
        }
    }

    /**
     * The project of {@code file}, {@code checked} being the service whose environment is checked (if
     * any). Values are interpolated from {@code shell} and the project's {@code .env}, as compose does.
     */
    @SuppressWarnings("unchecked")
    public static ComposeProject read(Path file, Optional<String> checked, Map<String, String> shell) {
        Map<?, ?> root = load(file);
        if (!(root.get("services") instanceof Map<?, ?> services)) {
            throw new ComposeException(file + ": no services: section");
        }
        Path dir = file.toAbsolutePath().getParent();
        Interpolation interpolation = new Interpolation(sources(dir, shell));
        String project = projectName(root, dir, interpolation);
        List<Service> read = new ArrayList<>();
        services.forEach((key, value) -> {
            if (value instanceof Map<?, ?> definition) {
                String name = String.valueOf(key);
                read.add(new Service(name, names(project, name, definition, interpolation), ports(definition.get("ports"),
                        interpolation), environment(file, dir, definition,
                        shell)));
            }
        });
        return new ComposeProject(file.toAbsolutePath(), read, checked);
    }

    static Map<?, ?> load(Path file) {
        Object document;
        try {
            String text = new String(RegularFile.read(file, MAX_BYTES), java.nio.charset.StandardCharsets.UTF_8);
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setCodePointLimit((int) MAX_BYTES).build();
            refuseDeepNesting(file, settings, text);
            document = new Load(settings).loadFromString(text);
        } catch (RegularFile.Refused refused) {
            throw new ComposeException((file.toString().isEmpty() ? "''" : file) + ": " + refused.getMessage());
        } catch (YamlEngineException e) {
            throw new ComposeException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new ComposeException(file + ": no services: section");
        }
        return root;
    }

    /**
     * The loader builds nested collections recursively, so a small file nested thousands of levels
     * deep overflows the stack; its events are counted first, which takes no recursion. No compose
     * file comes near the limit.
     */
    private static void refuseDeepNesting(Path file, LoadSettings settings, String text) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            if (event instanceof CollectionStartEvent) {
                if (++depth > MAX_DEPTH) {
                    throw new ComposeException(file + ": nested more than " + MAX_DEPTH + " levels deep; not a compose file");
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    /** What compose interpolates from: the project's .env, with the shell winning over it. */
    static Map<String, String> sources(Path dir, Map<String, String> shell) {
        Map<String, String> sources = new LinkedHashMap<>();
        Path dotEnv = dir.resolve(".env");
        if (Files.isRegularFile(dotEnv)) {
            try {
                sources.putAll(EnvFile.read(dotEnv));
            } catch (EnvFile.EnvFileException e) {
                throw new ComposeException(e.getMessage());
            }
        }
        sources.putAll(shell);
        return sources;
    }

    /** The top-level name:, else the directory's name as compose normalises it. */
    private static String projectName(Map<?, ?> root, Path dir, Interpolation interpolation) {
        Object name = root.get("name");
        String raw = name != null ? text(name, interpolation) : dir.getFileName() == null ? "" : dir.getFileName().toString();
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    }

    private static Set<String> names(String project, String service, Map<?, ?> definition, Interpolation interpolation) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : List.of("container_name", "hostname")) {
            if (definition.get(key) != null) {
                names.add(text(definition.get(key), interpolation));
            }
        }
        if (definition.get("networks") instanceof Map<?, ?> networks) {
            networks.values().forEach(network -> {
                if (network instanceof Map<?, ?> settings && settings.get("aliases") instanceof List<?> aliases) {
                    aliases.forEach(alias -> names.add(text(alias, interpolation)));
                }
            });
        }
        if (!project.isEmpty()) {
            // the container's default name, which compose v2 and v1 register on the network too
            names.add(project + "-" + service + "-1");
            names.add(project + "_" + service + "_1");
        }
        names.remove(service);
        return names;
    }

    static List<Port> ports(Object spec, Interpolation interpolation) {
        List<Port> ports = new ArrayList<>();
        if (!(spec instanceof List<?> entries)) {
            return ports;
        }
        for (Object entry : entries) {
            try {
                if (entry instanceof Map<?, ?> longSyntax) {
                    longPort(longSyntax, interpolation).ifPresent(ports::add);
                } else if (entry != null) {
                    shortPort(text(entry, interpolation)).ifPresent(ports::add);
                }
            } catch (Interpolation.InterpolationException | NumberFormatException unusable) {
                // a port entry compose itself would refuse publishes nothing tracecheck can name
            }
        }
        return ports;
    }

    /** "4318", "4318:4318", "127.0.0.1:4318:4318", "127.0.0.1::4318", "4000-4005:4000-4005", "2000:2000/udp". */
    static Optional<Port> shortPort(String text) {
        Matcher m = SHORT_PORT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String hostIp = m.group(1) == null ? "" : m.group(1).replaceAll("^\\[|]$", "");
        int targetStart = Integer.parseInt(m.group(4));
        int targetEnd = m.group(5) == null ? targetStart : Integer.parseInt(m.group(5));
        int publishedStart = m.group(2) == null || m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2));
        int publishedEnd = m.group(3) == null ? publishedStart : Integer.parseInt(m.group(3));
        String protocol = m.group(6) == null ? "tcp" : m.group(6);
        return Optional.of(new Port(hostIp, targetStart, targetEnd, publishedStart, publishedEnd, protocol));
    }

    /** target:, published: (a number, a string, or a range "8080-8081"), host_ip:, protocol:. */
    private static Optional<Port> longPort(Map<?, ?> entry, Interpolation interpolation) {
        if (entry.get("target") == null) {
            return Optional.empty();
        }
        String target = text(entry.get("target"), interpolation);
        String published = entry.get("published") == null ? "" : text(entry.get("published"), interpolation);
        String hostIp = entry.get("host_ip") == null ? "" : text(entry.get("host_ip"), interpolation);
        String protocol = entry.get("protocol") == null ? "tcp" : text(entry.get("protocol"), interpolation).toLowerCase(Locale.ROOT);
        int[] targets = range(target);
        int[] publishedRange = published.isBlank() ? new int[] {0, 0} : range(published);
        return Optional.of(new Port(hostIp, targets[0], targets[1], publishedRange[0], publishedRange[1], protocol));
    }

    private static int[] range(String text) {
        String[] parts = text.strip().split("-", 2);
        int start = Integer.parseInt(parts[0].strip());
        return new int[] {start, parts.length == 2 ? Integer.parseInt(parts[1].strip()) : start};
    }

    /**
     * Each variable of the service's container as its definition, as written: env_file: entries first,
     * environment: on top (compose's precedence).
     */
    private static Map<String, Definition> environment(Path file, Path dir, Map<?, ?> definition, Map<String, String> shell) {
        Map<String, Definition> variables = new LinkedHashMap<>();
        for (Path envFile : ComposeEnvironment.envFiles(definition.get("env_file"), dir)) {
            if (Files.isRegularFile(envFile)) {
                try {
                    EnvFile.read(envFile).forEach((name, value) -> variables.put(name, new Definition(envFile, value, false, true,
                            false)));
                } catch (EnvFile.EnvFileException unreadable) {
                    // reported when --compose reads the environment; here it only defines nothing
                }
            }
        }
        Object environment = definition.get("environment");
        if (environment instanceof Map<?, ?> map) {
            map.forEach((name, value) -> variables.put(String.valueOf(name), inBlock(file, String.valueOf(name),
                    value == null ? null : String.valueOf(value), false, shell)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                String name = eq < 0 ? text : text.substring(0, eq);
                variables.put(name, inBlock(file, name, eq < 0 ? null : text.substring(eq + 1), true, shell));
            }
        }
        return variables;
    }

    private static Definition inBlock(Path file, String name, String raw, boolean listForm, Map<String, String> shell) {
        Definition written = new Definition(file.toAbsolutePath(), raw, listForm, false, false);
        String source = written.passedThrough() ? name : written.reference().orElse(null);
        return source != null && shell.containsKey(source)
                ? new Definition(file.toAbsolutePath(), raw, listForm, false, true) : written;
    }

    private static String text(Object value, Interpolation interpolation) {
        return interpolation.apply(String.valueOf(value));
    }
}
