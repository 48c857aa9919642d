package io.tracecheck.core;

import io.tracecheck.core.ComposeProject.Port;
import io.tracecheck.core.ComposeProject.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host this shell cannot resolve that is a service of the docker-compose project: the value is
 * right for the app's container (compose's network resolves service names), wrong only from here.
 * The diagnosis names the port the service publishes on this machine, and the fix checks through it
 * without touching the app's configuration ({@code net.compose-host}, docs/problems.md).
 */
public final class ComposeHosts {
    private ComposeHosts() {
    }

    /** A connection over {@code protocol} ("tcp", "udp") to {@code host:port} that failed to resolve, made by {@code check}. */
    public record Target(String host, int port, String protocol, String check) {
    }

    /** net.compose-host when the compose project names {@code target}'s host; empty for any other host. */
    public static Optional<Problem> diagnose(Settings settings, Target target) {
        Optional<ComposeProject> project = settings.compose();
        Optional<Service> service = project.flatMap(p -> p.service(target.host()));
        if (service.isEmpty()) {
            return Optional.empty();
        }
        ComposeProject compose = project.get();
        List<KnownVariable> carriers = carriers(settings, target.host());
        String setting = carriers.isEmpty() ? target.host() + ":" + target.port()
                : carriers.get(0).name() + "=" + settings.text(carriers.get(0)).orElse("");
        Optional<Port> port = service.get().publishing(target.port(), target.protocol());
        OptionalInt hostPort = port.map(p -> p.hostPort(target.port())).orElse(OptionalInt.empty());
        String file = Fixes.quote(compose.file());
        String name = service.get().name();
        String message = setting + " is right for a container of " + compose.file() + ", where " + target.host() + " is "
                + (name.equalsIgnoreCase(target.host()) ? "a service" : "service " + name) + ", but the name resolves only "
                + "inside the compose network, not from this shell; " + published(name, target, port, hostPort);
        String reachable;
        String before = "";
        if (hostPort.isPresent()) {
            reachable = port.get().reachableHost() + ":" + hostPort.getAsInt();
        } else if (port.isPresent()) {
            reachable = "$(docker compose -f " + file + " port" + (target.protocol().equals("udp") ? " --protocol udp " : " ")
                    + name + " " + target.port() + ")";
        } else {
            reachable = "127.0.0.1:" + target.port();
            before = "edit " + compose.file() + ": under services." + name + ".ports add \"127.0.0.1:" + target.port() + ":"
                    + target.port() + (target.protocol().equals("udp") ? "/udp" : "") + "\"; then docker compose -f " + file
                    + " up -d " + name + " && ";
        }
        String overrides = carriers.isEmpty() ? "" : String.join(" ", carriers.stream()
                .map(v -> v.name() + "=" + overrideWord(settings.text(v).orElse(""), target, reachable)).toList()) + " ";
        String fix = before + overrides + "tracecheck " + target.check() + "  # for this command only: the app's containers "
                + "keep " + target.host() + inside(compose, carriers, target);
        return Optional.of(Problem.of(ProblemCode.NET_COMPOSE_HOST, message, fix)
                .headed(target.host() + " resolves only inside the compose network of " + compose.file()));
    }

    /** The compose diagnosis of a net.dns problem about a compose service's name; empty for any other problem. */
    static Optional<Problem> diagnose(Settings settings, Problem problem, String check) {
        if (problem.code() != ProblemCode.NET_DNS) {
            return Optional.empty();
        }
        return NetworkFailures.unresolved(problem).flatMap(url -> diagnose(settings, new Target(url.getHost(),
                url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80, "tcp", check)));
    }

    private static String published(String service, Target target, Optional<Port> port, OptionalInt hostPort) {
        if (hostPort.isPresent()) {
            return "it publishes port " + target.port() + (target.protocol().equals("udp") ? "/udp" : "") + " on "
                    + port.get().reachableHost() + ":" + hostPort.getAsInt();
        }
        if (port.isPresent()) {
            return "it publishes port " + target.port() + " on a host port docker picks when the container starts";
        }
        return service + " publishes no port for " + target.port() + (target.protocol().equals("udp") ? "/udp" : "")
                + ", so nothing outside the network reaches it";
    }

    /** "or run it inside the network: docker compose exec web tracecheck honeycomb", when an app service is known. */
    private static String inside(ComposeProject compose, List<KnownVariable> carriers, Target target) {
        Optional<String> app = compose.checked().or(() -> carriers.stream()
                .flatMap(v -> compose.definingServices(v.name()).stream()).map(Service::name).findFirst());
        return app.map(service -> "; or, where the " + service + " image has tracecheck, check from inside the network: "
                + "docker compose -f " + Fixes.quote(compose.file()) + " exec " + service + " tracecheck " + target.check())
                .orElse("");
    }

    /** The configuration variables whose value names {@code host}: what the check took it from. */
    static List<KnownVariable> carriers(Settings settings, String host) {
        Pattern named = hostIn(host);
        List<KnownVariable> found = new ArrayList<>();
        for (KnownVariable variable : KnownVariable.values()) {
            if (variable.group().configuration() && !variable.secret()) {
                settings.explicit(variable).filter(s -> !s.isSecret()).map(Setting::cleanText)
                        .filter(value -> named.matcher(value).find()).ifPresent(value -> found.add(variable));
            }
        }
        return found;
    }

    private static Pattern hostIn(String host) {
        return Pattern.compile("(?i)(^|[/@\\s:])" + Pattern.quote(host.toLowerCase(Locale.ROOT)) + "(?=[:/\\s]|$)");
    }

    /** The variable's value with the service's host (and port) replaced by what this shell reaches. */
    private static String overrideWord(String value, Target target, String reachable) {
        Matcher withPort = Pattern.compile("(?i)" + Pattern.quote(target.host()) + ":" + target.port() + "(?![0-9])").matcher(value);
        // without a port in the value (a URL's default port), the host alone gives way to host:port
        String replaced = withPort.find() ? withPort.replaceFirst(Matcher.quoteReplacement(reachable))
                : value.replaceFirst("(?i)" + Pattern.quote(target.host()), Matcher.quoteReplacement(reachable));
        // a command substitution must stay expandable: double quotes, not single
        return replaced.contains("$(") ? "\"" + replaced + "\"" : Fixes.quote(replaced);
    }
}
