package io.tracecheck.honeycomb;

import io.tracecheck.network.CallAnswers;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Secret;
import io.tracecheck.core.ServiceName;
import io.tracecheck.core.Setting;
import io.tracecheck.core.Settings;
import io.tracecheck.core.Source;
import io.tracecheck.core.Severity;
import io.tracecheck.core.ValueRules;
import io.tracecheck.core.ValueShape;

import java.net.URI;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;

import static io.tracecheck.core.KnownVariable.HONEYCOMB_API_ENDPOINT;
import static io.tracecheck.core.KnownVariable.HONEYCOMB_API_KEY;
import static io.tracecheck.core.KnownVariable.HONEYCOMB_DATASET;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_ENDPOINT;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_HEADERS;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_PROTOCOL;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_TIMEOUT;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_TRACES_HEADERS;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT;
import static io.tracecheck.core.KnownVariable.OTEL_RESOURCE_ATTRIBUTES;
import static io.tracecheck.core.KnownVariable.OTEL_SERVICE_NAME;

/**
 * What an OpenTelemetry app configured by these variables would do, resolved statically:
 * where its spans go, with which protocol, headers, key and dataset, under which service name.
 * Every rule that needs no network lives here; the live check starts from the result.
 */
public record HoneycombConfig(URI apiEndpoint, HoneycombRegion apiRegion, Optional<URI> tracesUrl,
                              OtlpProtocol protocol, OtlpHeaders headers, Optional<Secret> key,
                              HoneycombKey keyKind, Optional<String> dataset, Optional<String> serviceName,
                              Optional<Secret> apiKey, boolean sdkDefault) {

    /** Where a plain OpenTelemetry SDK exports when no OTLP endpoint variable is set (the SDK configuration spec). */
    static final String SDK_DEFAULT_HOST = "localhost";

    /**
     * The key for Honeycomb's REST API (queries): HONEYCOMB_API_KEY when set, since the app's OTLP
     * header often carries an Ingest key that cannot query; else the key the app sends with.
     */
    public Optional<Secret> queryKey() {
        return apiKey.or(() -> key);
    }

    private static final String TRACES_PATH = "/v1/traces";

    public static boolean isConfigured(Settings settings) {
        return settings.isSet(HONEYCOMB_API_KEY) || settings.isSet(OTEL_EXPORTER_OTLP_ENDPOINT)
                || settings.isSet(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
    }

    /** What the Honeycomb check reports when run by name with Honeycomb unconfigured. */
    public static Problem notConfigured() {
        return notConfigured(Settings.of(java.util.Map.of()));
    }

    /** The same, its fix in the form these settings call for (a shell, Gitpod, a compose file). */
    public static Problem notConfigured(Settings settings) {
        return Problem.of(ProblemCode.CONFIG_MISSING, "Honeycomb is not configured: neither HONEYCOMB_API_KEY "
                + "nor OTEL_EXPORTER_OTLP_ENDPOINT is set", new io.tracecheck.core.Fixes(settings).prompt("HONEYCOMB_API_KEY")
                + "  # paste an Ingest key: Environment settings > API Keys in Honeycomb");
    }

    /** Resolves the configuration and records every static problem in the review. */
    public static HoneycombConfig review(ConfigReview review) {
        Settings settings = review.settings();
        review.configured(isConfigured(settings), isConfigured(settings)
                ? "configured"
                : "not configured: set HONEYCOMB_API_KEY, or OTEL_EXPORTER_OTLP_ENDPOINT for a collector");

        URI apiEndpoint = ValueRules.url(review, HONEYCOMB_API_ENDPOINT, "https://api.honeycomb.io")
                .orElse(URI.create(HONEYCOMB_API_ENDPOINT.defaultValue().orElseThrow()));
        HoneycombRegion apiRegion = HoneycombRegion.of(apiEndpoint);
        if (apiRegion.isHoneycomb()) {
            review.note(HONEYCOMB_API_ENDPOINT, apiRegion + " region");
        }
        requireHttps(review, HONEYCOMB_API_ENDPOINT, apiEndpoint, apiRegion);

        OtlpProtocol protocol = protocol(review);
        Optional<URI> baseEndpoint = ValueRules.url(review, OTEL_EXPORTER_OTLP_ENDPOINT, "https://api.honeycomb.io");
        Optional<URI> tracesEndpoint = ValueRules.url(review, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
                "https://api.honeycomb.io/v1/traces");
        Optional<URI> tracesUrl = tracesUrl(review, protocol, baseEndpoint, tracesEndpoint);
        if (tracesUrl.isPresent()) {
            checkEndpoint(review, protocol, tracesUrl.get(), apiRegion);
        }

        OtlpHeaders headers = headers(review, OTEL_EXPORTER_OTLP_HEADERS)
                .overriddenBy(headers(review, OTEL_EXPORTER_OTLP_TRACES_HEADERS));
        boolean otlp = baseEndpoint.isPresent() || tracesEndpoint.isPresent();
        // an endpoint variable that is set but unusable is reported as such; only an unset one means the SDK's default
        boolean sdkDefault = !settings.isSet(OTEL_EXPORTER_OTLP_ENDPOINT) && !settings.isSet(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
                && settings.isSet(HONEYCOMB_API_KEY);
        if (sdkDefault) {
            tracesUrl = Optional.of(sdkDefaultUrl(protocol));
            sdkDefaultEndpoint(review, protocol, headers, apiEndpoint, apiRegion);
        }
        Optional<Secret> key = key(review, headers, otlp, tracesUrl);
        HoneycombKey kind = key.isPresent() ? HoneycombKey.classify(key.get()) : HoneycombKey.UNKNOWN;
        if (key.isPresent()) {
            checkKindOfKey(review, kind, otlp);
        }

        Optional<String> dataset = dataset(review, headers, key.isPresent() ? kind : null);
        Optional<String> serviceName = serviceName(review);
        timeout(review, OTEL_EXPORTER_OTLP_TIMEOUT);
        timeout(review, OTEL_EXPORTER_OTLP_TRACES_TIMEOUT);
        SdkSwitches.review(review);
        Optional<Secret> apiKey = settings.secret(HONEYCOMB_API_KEY).map(Secret::cleaned);
        if (apiKey.isPresent() && ValueShape.isOnlyPlaceholder(apiKey.get().reveal())) {
            apiKey = Optional.empty();
        }
        List<URI> endpoints = new ArrayList<>(List.of(apiEndpoint));
        if (tracesUrl.isPresent()) {
            endpoints.add(tracesUrl.get());
        }
        CallAnswers.reviewProxies(review, endpoints);
        return new HoneycombConfig(apiEndpoint, apiRegion, tracesUrl, protocol, headers, key, kind, dataset,
                serviceName, apiKey, sdkDefault);
    }

    /**
     * The URL a plain OpenTelemetry SDK exports traces to with no endpoint variable set:
     * http://localhost:4318/v1/traces for http/protobuf and http/json, http://localhost:4317 for grpc.
     */
    static URI sdkDefaultUrl(OtlpProtocol protocol) {
        return URI.create("http://" + SDK_DEFAULT_HOST + ":" + protocol.collectorPort() + (protocol.http() ? TRACES_PATH : ""));
    }

    /**
     * HONEYCOMB_API_KEY without an OTLP endpoint: Honeycomb's own distributions read the key, but a
     * plain SDK ignores it and exports to localhost. A warning, not a failure: a collector on
     * localhost holding the key is a working setup, and the live check's probe shows which it is.
     */
    private static void sdkDefaultEndpoint(ConfigReview review, OtlpProtocol protocol, OtlpHeaders headers,
                                           URI apiEndpoint, HoneycombRegion apiRegion) {
        boolean teamHeader = headers.get("x-honeycomb-team").isPresent();
        String endpoint = apiRegion.isHoneycomb() ? apiRegion.apiEndpoint() : apiEndpoint.toString().replaceAll("/+$", "");
        review.problem(OTEL_EXPORTER_OTLP_ENDPOINT, Problem.warn(ProblemCode.HONEYCOMB_ENDPOINT_UNSET,
                "OTEL_EXPORTER_OTLP_ENDPOINT is unset, so a plain OpenTelemetry SDK exports " + protocol.id() + " to "
                        + sdkDefaultUrl(protocol) + (teamHeader ? "" : " with no x-honeycomb-team header")
                        + ", not to Honeycomb: HONEYCOMB_API_KEY is read only by Honeycomb's own distributions",
                review.fixes().set(Map.of(OTEL_EXPORTER_OTLP_ENDPOINT.name(), endpoint),
                        teamHeader ? Map.of() : Map.of(OTEL_EXPORTER_OTLP_HEADERS.name(), TEAM_HEADER))));
    }

    /** The header that takes the key from HONEYCOMB_API_KEY: the shell expands it when the fix is pasted. */
    static final String TEAM_HEADER = "x-honeycomb-team=$HONEYCOMB_API_KEY";

    private static void requireHttps(ConfigReview review, KnownVariable variable, URI uri, HoneycombRegion region) {
        if (region.isHoneycomb() && !"https".equalsIgnoreCase(uri.getScheme())) {
            review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                    variable.name() + " uses " + uri.getScheme() + "://, but Honeycomb's API answers only https on port 443",
                    review.fixes().set(variable.name(), "https://" + uri.getHost()));
        }
    }

    private static OtlpProtocol protocol(ConfigReview review) {
        OtlpProtocol protocol = OtlpProtocol.HTTP_PROTOBUF;
        for (KnownVariable variable : new KnownVariable[] {OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL}) {
            Optional<Setting> setting = ValueRules.shape(review, variable);
            if (setting.isEmpty()) {
                continue;
            }
            String text = setting.get().cleanText();
            Optional<OtlpProtocol> parsed = OtlpProtocol.parse(text);
            if (parsed.isPresent()) {
                protocol = parsed.get();
            } else {
                review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                        variable.name() + " is '" + text + "'; the OTLP exporters know http/protobuf, http/json and grpc",
                        review.fixes().set(variable.name(), "http/protobuf"));
            }
        }
        return protocol;
    }

    private static Optional<URI> tracesUrl(ConfigReview review, OtlpProtocol protocol, Optional<URI> base,
                                           Optional<URI> traces) {
        if (traces.isPresent()) {
            return traces;
        }
        if (base.isEmpty()) {
            return Optional.empty();
        }
        URI uri = base.get();
        if (!protocol.http()) {
            return base;
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith(TRACES_PATH) || path.endsWith(TRACES_PATH + "/")) {
            review.problem(OTEL_EXPORTER_OTLP_ENDPOINT, ProblemCode.HONEYCOMB_ENDPOINT_PATH,
                    "OTEL_EXPORTER_OTLP_ENDPOINT already ends in /v1/traces; SDKs append it again and post to "
                            + uri.resolve(stripSlash(path) + TRACES_PATH).getPath() + ", which answers 404",
                    review.fixes().set("OTEL_EXPORTER_OTLP_ENDPOINT",
                            uri.getScheme() + "://" + uri.getRawAuthority() + withoutTracesPath(path)));
            return base;
        }
        if (path.matches(".*/v1/(logs|metrics)/?")) {
            review.problem(OTEL_EXPORTER_OTLP_ENDPOINT, ProblemCode.HONEYCOMB_ENDPOINT_PATH,
                    "OTEL_EXPORTER_OTLP_ENDPOINT ends in " + path + ", a signal path; it must be the base URL",
                    review.fixes().set("OTEL_EXPORTER_OTLP_ENDPOINT", uri.getScheme() + "://" + uri.getRawAuthority()));
        }
        return Optional.of(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + stripSlash(path) + TRACES_PATH));
    }

    private static void checkEndpoint(ConfigReview review, OtlpProtocol protocol, URI url, HoneycombRegion apiRegion) {
        KnownVariable variable = review.settings().isSet(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
                ? OTEL_EXPORTER_OTLP_TRACES_ENDPOINT : OTEL_EXPORTER_OTLP_ENDPOINT;
        HoneycombRegion region = HoneycombRegion.of(url);
        requireHttps(review, variable, url, region);
        String path = url.getPath() == null ? "" : url.getPath();
        if (variable == OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && protocol.http()
                && stripSlash(path).endsWith(TRACES_PATH + TRACES_PATH)) {
            review.problem(variable, ProblemCode.HONEYCOMB_ENDPOINT_PATH,
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is, and its path '" + path
                            + "' has /v1/traces more than once: the exporter would post to it and get 404",
                    review.fixes().set(variable.name(), url.getScheme() + "://" + url.getRawAuthority()
                            + withoutTracesPath(path) + TRACES_PATH));
        } else if (variable == OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && protocol.http() && !stripSlash(path).endsWith(TRACES_PATH)) {
            review.problem(variable, ProblemCode.HONEYCOMB_ENDPOINT_PATH,
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is, and its path '" + path
                            + "' lacks /v1/traces: the exporter would post to it and get 404",
                    review.fixes().set(variable.name(), url.getScheme() + "://" + url.getRawAuthority() + stripSlash(path) + TRACES_PATH));
        }
        if (region.isHoneycomb() && apiRegion.isHoneycomb() && region != apiRegion) {
            review.problem(variable, ProblemCode.CONFIG_CONFLICT, variable.name() + " sends to the " + region
                    + " region but HONEYCOMB_API_ENDPOINT is the " + apiRegion + " region; a key works in one region only",
                    review.fixes().set("HONEYCOMB_API_ENDPOINT", region.apiEndpoint()));
        }
        if (!region.isHoneycomb() && url.getPort() > 0) {
            int port = url.getPort();
            if (protocol.http() && port == OtlpProtocol.GRPC.collectorPort()) {
                review.problem(variable, new Problem(ProblemCode.CONFIG_CONFLICT, Severity.FAIL,
                        variable.name() + " points at port 4317, the OTLP/gRPC port, but the protocol is " + protocol.id(),
                        review.fixes().set(variable.name(), url.getScheme() + "://" + url.getHost() + ":4318")
                                + "  # or " + review.fixes().set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")));
            } else if (!protocol.http() && port == OtlpProtocol.HTTP_PROTOBUF.collectorPort()) {
                review.problem(variable, new Problem(ProblemCode.CONFIG_CONFLICT, Severity.FAIL,
                        variable.name() + " points at port 4318, the OTLP/HTTP port, but the protocol is grpc",
                        review.fixes().set(variable.name(), url.getScheme() + "://" + url.getHost() + ":4317")
                                + "  # or " + review.fixes().set("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")));
            }
        }
        if (region.isHoneycomb()) {
            review.note(variable, region + " region");
        }
    }

    private static OtlpHeaders headers(ConfigReview review, KnownVariable variable) {
        Optional<Setting> setting = inlinePlaceholder(review, variable);
        if (setting.isEmpty()) {
            setting = ValueRules.shape(review, variable);
        }
        if (setting.isEmpty()) {
            return OtlpHeaders.empty();
        }
        OtlpHeaders.Parsed parsed = OtlpHeaders.parse(setting.get().secret().cleaned().reveal());
        if (parsed.error().isPresent()) {
            // the key is typed, not written into the fix: it is a secret, and the list held it in a form not read
            review.problem(variable, ProblemCode.CONFIG_MALFORMED, variable.name() + ": " + parsed.error().get(),
                    review.fixes().prompt("HONEYCOMB_API_KEY", java.util.Map.of(variable.name(), "x-honeycomb-team=$HONEYCOMB_API_KEY"))
                            + "  # paste the Ingest key; any other header follows after a comma, as name=value");
        }
        placeholders(review, variable, setting.get(), parsed.headers());
        if (parsed.error().isEmpty()) {
            review.display(variable, parsed.headers().display());
        }
        if (!parsed.headers().isEmpty()) {
            review.note(variable, parsed.headers().values().size() + " header(s): " + String.join(", ",
                    parsed.headers().values().keySet()));
        }
        return parsed.headers();
    }

    /**
     * A header list whose values hold ${VAR} parses as a list: the placeholder is reported per
     * header below, so the list still says which headers the app sends (a team header with a
     * placeholder is not a missing one). A list that does not parse goes through the whole-value rules.
     */
    private static Optional<Setting> inlinePlaceholder(ConfigReview review, KnownVariable variable) {
        Optional<Setting> found = review.settings().explicit(variable);
        if (found.isEmpty() || found.get().isBlank() || found.get().placeholder().isEmpty()
                || found.get().whitespaceIssue().isPresent()) {
            return Optional.empty();
        }
        OtlpHeaders.Parsed parsed = OtlpHeaders.parse(found.get().secret().cleaned().reveal());
        return parsed.error().isEmpty() && !parsed.headers().isEmpty() ? found : Optional.empty();
    }

    /** A shell reference, ${VAR} or $VAR. */
    private static final Pattern SHELL_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    /**
     * One problem for the headers whose values hold an unexpanded placeholder. When every one is a
     * shell reference, the fix is the list again in double quotes, for the shell to expand.
     */
    private static void placeholders(ConfigReview review, KnownVariable variable, Setting setting, OtlpHeaders headers) {
        Map<String, String> unexpanded = new LinkedHashMap<>();
        for (Map.Entry<String, Secret> header : headers.values().entrySet()) {
            Optional<String> placeholder = ValueShape.placeholder(header.getValue().reveal());
            if (placeholder.isPresent()) {
                unexpanded.put(header.getKey(), placeholder.get());
            }
        }
        if (unexpanded.isEmpty()) {
            return;
        }
        String message = variable.name() + ": the value of " + String.join(", ", unexpanded.keySet())
                + " is the unexpanded placeholder " + String.join(", ", unexpanded.values())
                + (setting.source() == Source.FILE ? " (from the env file, which expands nothing)" : "")
                + "; the SDK sends it literally";
        if (!unexpanded.values().stream().allMatch(p -> SHELL_REFERENCE.matcher(p).matches())) {
            review.problem(variable, ProblemCode.CONFIG_PLACEHOLDER, message,
                    review.fixes().set(variable.name(), unexpanded.keySet().iterator().next() + "=<the real value>"));
            return;
        }
        // other values as they are (a secret one masked). The references are written $VAR, or ${VAR} when the
        // value already says $VAR: a fix equal to the raw value would be masked by the output's redaction net,
        // the whole value being a secret variable's
        boolean braced = setting.secret().cleaned().reveal().matches("(?s).*\\$[A-Za-z_].*");
        List<String> entries = new ArrayList<>();
        Set<String> referenced = new LinkedHashSet<>();
        headers.values().forEach((header, value) -> {
            String text = value.reveal();
            if (unexpanded.containsKey(header)) {
                Matcher reference = SHELL_REFERENCE.matcher(text);
                StringBuilder expanded = new StringBuilder();
                while (reference.find()) {
                    referenced.add(reference.group(1));
                    reference.appendReplacement(expanded, Matcher.quoteReplacement(braced ? "${" + reference.group(1) + "}"
                            : "$" + reference.group(1)));
                }
                reference.appendTail(expanded);
                text = expanded.toString();
            } else if (!OtlpHeaders.isPublic(header)) {
                text = value.masked();
            }
            entries.add(header + "=" + text);
        });
        List<String> unset = referenced.stream()
                .filter(name -> KnownVariable.named(name).map(v -> !review.settings().isSet(v)).orElse(false)).toList();
        review.problem(variable, ProblemCode.CONFIG_PLACEHOLDER, message
                        + (unset.isEmpty() ? "" : "; set " + String.join(" and ", unset) + " in this shell first"),
                review.fixes().setReferring(variable.name(), String.join(",", entries)));
    }

    private static Optional<Secret> key(ConfigReview review, OtlpHeaders headers, boolean otlp, Optional<URI> tracesUrl) {
        Optional<Secret> teamHeader = headers.get("x-honeycomb-team");
        Optional<Secret> headerKey = teamHeader.isPresent() && !teamHeader.get().isEmpty()
                && ValueShape.placeholder(teamHeader.get().reveal()).isEmpty() ? teamHeader : Optional.empty();
        Optional<Setting> envSetting = ValueRules.shape(review, HONEYCOMB_API_KEY);
        Optional<Secret> envKey = envSetting.isPresent() ? Optional.of(envSetting.get().secret().cleaned()) : Optional.empty();
        HoneycombKey envKind = envKey.isPresent() ? HoneycombKey.classify(envKey.get()) : HoneycombKey.UNKNOWN;
        if (envKind != HoneycombKey.UNKNOWN) {
            review.note(HONEYCOMB_API_KEY, envKind.label());
        }
        if (headerKey.isPresent() && envKey.isPresent() && !headerKey.get().sameValueAs(envKey.get())) {
            review.problem(OTEL_EXPORTER_OTLP_HEADERS, ProblemCode.CONFIG_CONFLICT,
                    "the x-honeycomb-team key in OTEL_EXPORTER_OTLP_HEADERS (" + headerKey.get().masked()
                            + ") differs from HONEYCOMB_API_KEY (" + envKey.get().masked() + "); the OTLP exporter uses the header",
                    "Use one key: " + review.fixes().setReferring(OTEL_EXPORTER_OTLP_HEADERS.name(), TEAM_HEADER));
        }
        boolean toHoneycomb = tracesUrl.isEmpty() || HoneycombRegion.of(tracesUrl.get()).isHoneycomb();
        if (otlp && teamHeader.isPresent() && teamHeader.get().isEmpty()) {
            review.problem(OTEL_EXPORTER_OTLP_HEADERS, ProblemCode.CONFIG_MISSING,
                    "the x-honeycomb-team header in OTEL_EXPORTER_OTLP_HEADERS is empty (a variable expanded to nothing?); "
                            + "every export would get 401",
                    review.fixes().setReferring(OTEL_EXPORTER_OTLP_HEADERS.name(), TEAM_HEADER)
                            + "  # in a shell where HONEYCOMB_API_KEY is set");
            return envKey;
        }
        if (otlp) {
            if (headerKey.isEmpty() && toHoneycomb && teamHeader.isEmpty()) {
                review.problem(OTEL_EXPORTER_OTLP_HEADERS, ProblemCode.CONFIG_MISSING,
                        "OTLP goes straight to Honeycomb, but OTEL_EXPORTER_OTLP_HEADERS has no x-honeycomb-team header; "
                                + "every export would get 401",
                        review.fixes().setReferring(OTEL_EXPORTER_OTLP_HEADERS.name(), TEAM_HEADER));
            }
            return headerKey.isPresent() ? headerKey : envKey;
        }
        return envKey;
    }

    private static void checkKindOfKey(ConfigReview review, HoneycombKey kind, boolean otlp) {
        KnownVariable variable = otlp && review.settings().isSet(OTEL_EXPORTER_OTLP_HEADERS)
                ? OTEL_EXPORTER_OTLP_HEADERS : HONEYCOMB_API_KEY;
        switch (kind) {
            case MANAGEMENT -> review.problem(variable, ProblemCode.HONEYCOMB_KEY_PERMISSION,
                    "the key is a Honeycomb management key (hc?mk_…): it manages keys and environments and cannot send events",
                    typeAgain(review, variable) + "  # paste an Ingest key: Environment settings > API Keys");
            case CONFIGURATION_KEY_ID -> review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                    "the key is a configuration key's ID (hc?lk_…), a label, not the key itself",
                    typeAgain(review, variable) + "  # paste the key's token, 22 characters, not its ID");
            case UNKNOWN -> review.problem(variable, Problem.warn(ProblemCode.CONFIG_MALFORMED,
                    "the key does not look like a Honeycomb key (ingest keys are 64 characters starting hc?ik_, "
                            + "configuration keys 22 letters and digits, classic keys 32 hex digits)",
                    typeAgain(review, variable) + "  # paste the key again: Environment settings > API Keys"));
            default -> review.note(variable, kind.label());
        }
    }

    /** The key is typed once; a header that carries it takes it from the variable. */
    private static String typeAgain(ConfigReview review, KnownVariable variable) {
        return variable == OTEL_EXPORTER_OTLP_HEADERS
                ? review.fixes().prompt("HONEYCOMB_API_KEY", java.util.Map.of("OTEL_EXPORTER_OTLP_HEADERS",
                "x-honeycomb-team=$HONEYCOMB_API_KEY"))
                : review.fixes().prompt("HONEYCOMB_API_KEY");
    }

    private static Optional<String> dataset(ConfigReview review, OtlpHeaders headers, HoneycombKey kind) {
        Optional<Secret> headerValue = headers.get("x-honeycomb-dataset");
        Optional<String> header = headerValue.isPresent() && !headerValue.get().reveal().isBlank()
                ? Optional.of(headerValue.get().reveal()) : Optional.empty();
        Optional<Setting> env = ValueRules.shape(review, HONEYCOMB_DATASET);
        Optional<String> dataset = header.isPresent() ? header
                : env.isPresent() ? Optional.of(env.get().cleanText()) : Optional.empty();
        if (kind == null) {
            return dataset;
        }
        if (kind.classic() && dataset.isEmpty()) {
            review.problem(HONEYCOMB_DATASET, ProblemCode.HONEYCOMB_DATASET_MISSING,
                    "the key is a " + kind.label() + ", which needs a dataset, and neither HONEYCOMB_DATASET nor an "
                            + "x-honeycomb-dataset header is set; Honeycomb answers 401 missing 'x-honeycomb-dataset' header",
                    review.fixes().set("HONEYCOMB_DATASET", "my-app"));
        } else if (!kind.classic() && kind != HoneycombKey.UNKNOWN && dataset.isPresent()) {
            review.problem(header.isPresent() ? OTEL_EXPORTER_OTLP_HEADERS : HONEYCOMB_DATASET,
                    ProblemCode.HONEYCOMB_DATASET_IGNORED,
                    "the key is an environment " + kind.label() + ", so Honeycomb ignores the dataset '" + dataset.get()
                            + "' and writes traces to the dataset named after service.name",
                    header.isPresent()
                            ? "Remove x-honeycomb-dataset from OTEL_EXPORTER_OTLP_HEADERS; set OTEL_SERVICE_NAME instead."
                            : review.fixes().unset("HONEYCOMB_DATASET") + "; set OTEL_SERVICE_NAME to the dataset name you want");
        }
        return dataset;
    }

    /** The service name as the SDK reads it (core's ServiceName); the review reports how its variables are written. */
    private static Optional<String> serviceName(ConfigReview review) {
        ValueRules.shape(review, OTEL_SERVICE_NAME);
        Optional<Setting> attributes = ValueRules.shape(review, OTEL_RESOURCE_ATTRIBUTES);
        if (attributes.isPresent()) {
            for (String pair : attributes.get().cleanText().split(",")) {
                if (!pair.isBlank() && pair.indexOf('=') <= 0) {
                    review.problem(OTEL_RESOURCE_ATTRIBUTES, ProblemCode.CONFIG_MALFORMED,
                            "OTEL_RESOURCE_ATTRIBUTES has an entry without key=value: '" + pair.strip() + "'",
                            review.fixes().set("OTEL_RESOURCE_ATTRIBUTES", "service.name=my-app,deployment.environment=dev"));
                    break;
                }
            }
        }
        Optional<String> name = ServiceName.of(review.settings());
        if (review.configured() && (name.isEmpty() || name.get().startsWith("unknown_service"))) {
            review.problem(OTEL_SERVICE_NAME, ProblemCode.HONEYCOMB_SERVICE_NAME_MISSING,
                    name.isEmpty()
                            ? "no service name: OTEL_SERVICE_NAME is unset and OTEL_RESOURCE_ATTRIBUTES has no service.name, "
                            + "so traces land in the dataset unknown_service"
                            : "the service name is '" + name.get() + "', so traces land in the dataset unknown_service",
                    review.fixes().set("OTEL_SERVICE_NAME", "my-app"));
        }
        if (name.isPresent()) {
            review.note(OTEL_SERVICE_NAME, "service and dataset '" + name.get() + "'");
        }
        return name;
    }

    private static void timeout(ConfigReview review, KnownVariable variable) {
        Optional<Setting> setting = ValueRules.shape(review, variable);
        if (setting.isPresent() && !setting.get().cleanText().matches("\\d{1,9}")) {
            String text = setting.get().cleanText();
            review.problem(variable, ProblemCode.CONFIG_MALFORMED,
                    variable.name() + " is '" + text + "'; it is a whole number of milliseconds",
                    review.fixes().set(variable.name(), "10000"));
        }
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The base path: every trailing /v1/traces removed (pasted twice is as common as once), and the slash after it. */
    private static String withoutTracesPath(String path) {
        String base = stripSlash(path);
        while (base.endsWith(TRACES_PATH)) {
            base = stripSlash(base.substring(0, base.length() - TRACES_PATH.length()));
        }
        return base;
    }
}
