package io.tracecheck.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every variable tracecheck reads, with the group it belongs to and its default: the backends'
 * configuration of docs/configuration.md, and the terminal and system variables that only shape how tracecheck
 * prints and where it looks for files. {@link Settings} reads nothing else.
 */
public enum KnownVariable {
    HONEYCOMB_API_KEY(Group.HONEYCOMB, true, null),
    HONEYCOMB_DATASET(Group.HONEYCOMB, false, null),
    HONEYCOMB_API_ENDPOINT(Group.HONEYCOMB, false, "https://api.honeycomb.io"),
    OTEL_EXPORTER_OTLP_ENDPOINT(Group.HONEYCOMB, false, null),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT(Group.HONEYCOMB, false, null),
    OTEL_EXPORTER_OTLP_HEADERS(Group.HONEYCOMB, true, null),
    OTEL_EXPORTER_OTLP_TRACES_HEADERS(Group.HONEYCOMB, true, null),
    OTEL_EXPORTER_OTLP_PROTOCOL(Group.HONEYCOMB, false, "http/protobuf"),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL(Group.HONEYCOMB, false, null),
    OTEL_EXPORTER_OTLP_TIMEOUT(Group.HONEYCOMB, false, null),
    OTEL_EXPORTER_OTLP_TRACES_TIMEOUT(Group.HONEYCOMB, false, null),
    OTEL_SERVICE_NAME(Group.HONEYCOMB, false, null),
    OTEL_RESOURCE_ATTRIBUTES(Group.HONEYCOMB, false, null),
    // the SDK's switches that decide whether the app exports and joins anything at all
    OTEL_SDK_DISABLED(Group.HONEYCOMB, false, "false"),
    OTEL_TRACES_EXPORTER(Group.HONEYCOMB, false, "otlp"),
    OTEL_TRACES_SAMPLER(Group.HONEYCOMB, false, "parentbased_always_on"),
    OTEL_TRACES_SAMPLER_ARG(Group.HONEYCOMB, false, null),
    OTEL_PROPAGATORS(Group.HONEYCOMB, false, "tracecontext,baggage"),

    AWS_REGION(Group.AWS, false, null),
    AWS_DEFAULT_REGION(Group.AWS, false, null),
    AWS_PROFILE(Group.AWS, false, null),
    AWS_ACCESS_KEY_ID(Group.AWS, true, null),
    AWS_SECRET_ACCESS_KEY(Group.AWS, true, null),
    AWS_SESSION_TOKEN(Group.AWS, true, null),
    AWS_CONFIG_FILE(Group.AWS, false, null),
    AWS_SHARED_CREDENTIALS_FILE(Group.AWS, false, null),
    AWS_ENDPOINT_URL(Group.AWS, false, null),
    AWS_ENDPOINT_URL_XRAY(Group.AWS, false, null),
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS(Group.AWS, false, null),
    AWS_ENDPOINT_URL_STS(Group.AWS, false, null),
    // where the SDK's credential chain looks beyond keys and profiles: a path and URL are not
    // credentials themselves; the container's authorization token is
    AWS_WEB_IDENTITY_TOKEN_FILE(Group.AWS, false, null),
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI(Group.AWS, false, null),
    AWS_CONTAINER_CREDENTIALS_FULL_URI(Group.AWS, false, null),
    AWS_CONTAINER_AUTHORIZATION_TOKEN(Group.AWS, true, null),
    AWS_EC2_METADATA_DISABLED(Group.AWS, false, null),
    AWS_XRAY_DAEMON_ADDRESS(Group.AWS, false, "127.0.0.1:2000"),
    // not read by the SDKs themselves: the host pattern apps pass to the X-Ray SDK's dynamic naming
    // (the SDK guides for Gitpod use this name)
    AWS_XRAY_URL(Group.AWS, false, null),
    TRACECHECK_XRAY_GROUP(Group.AWS, false, null),
    TRACECHECK_LOG_GROUP(Group.AWS, false, "tracecheck"),
    TRACECHECK_LOG_STREAM(Group.AWS, false, null),

    TRACECHECK_HONEYCOMB_OTHER_ENDPOINT(Group.HONEYCOMB, false, null),

    ROLLBAR_ACCESS_TOKEN(Group.ROLLBAR, true, null),
    ROLLBAR_ENVIRONMENT(Group.ROLLBAR, false, "development"),
    ROLLBAR_ENDPOINT(Group.ROLLBAR, false, "https://api.rollbar.com/api/1/item/"),
    ROLLBAR_READ_TOKEN(Group.ROLLBAR, true, null),

    GITPOD_WORKSPACE_ID(Group.WORKSPACE, false, null),
    // the workspace's cluster host: a port's URL is https://<port>-<workspace id>.<cluster host>
    GITPOD_WORKSPACE_CLUSTER_HOST(Group.WORKSPACE, false, null),
    // a backend route the frontend calls: doctor's propagation check sends a traced request to it
    TRACECHECK_APP_URL(Group.WORKSPACE, false, null),

    NO_COLOR(Group.TERMINAL, false, null),
    TERM(Group.TERMINAL, false, null),
    COLUMNS(Group.TERMINAL, false, null),
    LANG(Group.TERMINAL, false, null),
    LC_ALL(Group.TERMINAL, false, null),
    LC_CTYPE(Group.TERMINAL, false, null),

    HOME(Group.SYSTEM, false, null),
    // where the docker-compose file is looked for (the shell's current directory)
    PWD(Group.SYSTEM, false, null),
    // where the gp command of a Gitpod workspace is found
    PATH(Group.SYSTEM, false, null),

    // the proxies the app's HTTP clients use (requests, botocore, curl): tracecheck's calls take the
    // same way. A proxy URL may carry user:password, so it is secret; the lower-case names win.
    https_proxy(Group.SYSTEM, true, null),
    HTTPS_PROXY(Group.SYSTEM, true, null),
    http_proxy(Group.SYSTEM, true, null),
    HTTP_PROXY(Group.SYSTEM, true, null),
    no_proxy(Group.SYSTEM, false, null),
    NO_PROXY(Group.SYSTEM, false, null);

    /**
     * Which part of the configuration a variable belongs to. The env table lists the backends' and
     * the workspace's variables whenever they are set; terminal and system ones (how tracecheck
     * prints, where ~ is) only when a backend's review has something to say about them.
     */
    public enum Group {
        HONEYCOMB(true), AWS(true), ROLLBAR(true), WORKSPACE(true), TERMINAL(false), SYSTEM(false);

        private final boolean configuration;

        Group(boolean configuration) {
            this.configuration = configuration;
        }

        /** Whether its variables configure what tracecheck checks (listed by env whenever set). */
        public boolean configuration() {
            return configuration;
        }
    }

    private final Group group;
    private final boolean secret;
    private final String defaultValue;

    KnownVariable(Group group, boolean secret, String defaultValue) {
        this.group = group;
        this.secret = secret;
        this.defaultValue = defaultValue;
    }

    public Group group() {
        return group;
    }

    public boolean secret() {
        return secret;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The variables of these groups, in declaration order. */
    public static List<KnownVariable> inGroups(Group... groups) {
        List<Group> wanted = List.of(groups);
        return Arrays.stream(values()).filter(v -> wanted.contains(v.group)).toList();
    }

    /** The entries of an environment that are variables of these groups: what a substitute environment keeps. */
    public static Map<String, String> subset(Map<String, String> env, Group... groups) {
        Map<String, String> kept = new LinkedHashMap<>();
        inGroups(groups).stream().filter(v -> env.containsKey(v.name()))
                .forEach(v -> kept.put(v.name(), env.get(v.name())));
        return kept;
    }

    public static Optional<KnownVariable> named(String name) {
        return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst();
    }

    /** Known secret variables, and anything else whose name says it holds a credential. */
    public static boolean isSecretName(String name) {
        return named(name).map(KnownVariable::secret).orElseGet(() -> {
            // every variable of the process is asked about at start: a plain search, not a regex compiled per name
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            for (String word : SECRET_WORDS) {
                if (upper.contains(word)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static final List<String> SECRET_WORDS =
            List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "HEADERS");
}
