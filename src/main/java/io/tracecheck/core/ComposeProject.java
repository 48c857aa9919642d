package io.tracecheck.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The docker-compose project around this shell, as far as diagnoses and fixes need it: the names
 * each service answers to on the compose network, the ports it publishes on this machine, and how
 * its {@code environment:} defines each variable. {@code checked} is the service whose container
 * environment is being checked ({@code --compose FILE --service NAME}); empty when the file was only
 * found around the current directory. Built by the compose package; core only reads it.
 */
public record ComposeProject(Path file, List<Service> services, Optional<String> checked) {
    public ComposeProject {
        services = List.copyOf(services);
    }

    /** One service: its name, the other names its container answers to, its published ports, its variables. */
    public record Service(String name, Set<String> otherNames, List<Port> ports, Map<String, Definition> environment) {
        public Service {
            otherNames = Set.copyOf(otherNames);
            ports = List.copyOf(ports);
            environment = Map.copyOf(environment);
        }

        /** Whether a container on the compose network reaches this service by {@code host}. */
        public boolean answersTo(String host) {
            String wanted = host.toLowerCase(Locale.ROOT);
            return name.toLowerCase(Locale.ROOT).equals(wanted)
                    || otherNames.stream().anyMatch(other -> other.toLowerCase(Locale.ROOT).equals(wanted));
        }

        /** The port mapping that publishes container port {@code target} over {@code protocol} ("tcp", "udp"). */
        public Optional<Port> publishing(int target, String protocol) {
            return ports.stream().filter(p -> p.protocol().equals(protocol) && p.targetStart() <= target && target <= p.targetEnd())
                    .findFirst();
        }
    }

    /**
     * A {@code ports:} entry: container ports {@code targetStart..targetEnd} published on host ports
     * {@code publishedStart..publishedEnd} (0 when docker picks a free port), on {@code hostIp}
     * (empty: every interface).
     */
    public record Port(String hostIp, int targetStart, int targetEnd, int publishedStart, int publishedEnd, String protocol) {
        /** The host port that reaches container port {@code target}; empty when docker picks it at start. */
        public OptionalInt hostPort(int target) {
            if (publishedStart == 0) {
                return OptionalInt.empty();
            }
            if (publishedEnd - publishedStart == targetEnd - targetStart) {
                return OptionalInt.of(publishedStart + (target - targetStart));
            }
            // a host range for one container port: docker takes the first free one of the range
            return publishedStart == publishedEnd ? OptionalInt.of(publishedStart) : OptionalInt.empty();
        }

        /** The address this shell reaches the published port on. */
        public String reachableHost() {
            if (hostIp.isEmpty() || hostIp.equals("0.0.0.0")) {
                return "127.0.0.1";
            }
            if (hostIp.equals("::")) {
                return "[::1]";
            }
            return hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        }
    }

    /**
     * How a service's {@code environment:} (or one of its {@code env_file:} files) defines a variable:
     * {@code file} is where to edit it, {@code raw} the value as written there (null for a bare
     * {@code NAME}), {@code listForm} whether the block is a list ({@code - NAME=value}) rather than a
     * map, {@code envFile} whether it comes from an {@code env_file:}, {@code fromShell} whether the
     * variable it takes its value from is set in the shell that runs compose (which wins over {@code .env}).
     */
    public record Definition(Path file, String raw, boolean listForm, boolean envFile, boolean fromShell) {
        /** A bare {@code NAME} in the block: the value is passed through from the shell that runs compose. */
        public boolean passedThrough() {
            return raw == null;
        }

        /** The variable the whole value refers to ({@code ${REGION}}, {@code $REGION}, {@code ${REGION:-x}}), if that is all it is. */
        public Optional<String> reference() {
            if (raw == null || envFile) {
                return Optional.empty();
            }
            var matcher = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:[:]?[-?][^}]*)?}|\\$([A-Za-z_][A-Za-z0-9_]*)")
                    .matcher(raw.strip());
            if (!matcher.matches()) {
                return Optional.empty();
            }
            return Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
    }

    /** The service a host name means on the compose network. */
    public Optional<Service> service(String host) {
        return services.stream().filter(s -> s.answersTo(host)).findFirst();
    }

    public Optional<Service> named(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** How the checked service's container gets {@code variable}, when it comes from this file. */
    public Optional<Definition> definition(String variable) {
        return checked.flatMap(this::named).map(s -> s.environment().get(variable));
    }

    /** The services whose environment: sets {@code variable}: the apps that use the value. */
    public List<Service> definingServices(String variable) {
        return services.stream().filter(s -> s.environment().containsKey(variable)).toList();
    }
}
