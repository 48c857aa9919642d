package io.tracecheck.honeycomb;

import io.tracecheck.network.CallAnswers;
import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Resolution;
import io.tracecheck.core.Secret;
import io.tracecheck.core.Status;
import io.tracecheck.core.StepTimer;
import io.tracecheck.core.ValueRules;
import io.tracecheck.otlp.ProbeTrace;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck honeycomb}: resolve what the app would use, authenticate the key, send a
 * probe trace exactly as the app would, link to it, and optionally read it back.
 */
public final class HoneycombCheck implements Check {
    public static final String NAME = "honeycomb";

    private final Options options;

    public HoneycombCheck(Options options) {
        this.options = options;
    }

    /** --verify, --verify-timeout, --service-name. */
    public record Options(ReadBack readBack, Optional<String> serviceName) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReadBack readBack() {
        return options.readBack();
    }

    @Override
    public CheckResult run(CheckContext context) {
        StepTimer steps = context.steps(NAME);
        Map<String, String> artifacts = new LinkedHashMap<>();
        Optional<Resolution<HoneycombConfig>> resolved = Resolution.begin(NAME, context.settings(), steps,
                HoneycombConfig::review, HoneycombConfig::notConfigured);
        if (resolved.isEmpty()) {
            return steps.result(NAME, artifacts);
        }
        HoneycombConfig config = resolved.get().config();
        String service = options.serviceName().or(config::serviceName).orElse("tracecheck");
        URI url = config.tracesUrl().orElseGet(() -> config.protocol().http()
                ? URI.create(config.apiEndpoint().toString().replaceAll("/+$", "") + "/v1/traces")
                : config.apiEndpoint());
        steps.end(config.protocol().id() + " to " + url + (config.sdkDefault() ? " (the SDK's default: no endpoint set)" : "")
                + ", service " + service
                + (config.key().isPresent() ? ", " + config.keyKind().label() + " " + config.key().get().masked()
                : ", no Honeycomb key"));
        if (resolved.get().hasFailure()) {
            return steps.result(NAME, artifacts);
        }
        // one deadline for the whole check: auth, the other region's and the probe share --timeout
        Deadline deadline = context.deadline();
        try (HttpCalls http = new HttpCalls(context.clock(), deadline::at, context::verbose, CallAnswers.proxies(context.settings()))) {
            Optional<AuthInfo> auth = authenticate(config, http, steps, context);
            if (CheckResult.statusOf(steps.problems()) == Status.FAIL) {
                return steps.result(NAME, artifacts);
            }
            String dataset = config.keyKind().classic() ? config.dataset().orElse("") : datasetFor(service);
            steps.begin("send");
            ProbeTrace probe = ProbeTrace.create(service, context.runId());
            ProbeSender.Outcome sent = new ProbeSender(http, deadline, context.settings())
                    .send(probe, url, config.protocol(), headers(config));
            for (Problem problem : sent.problems()) {
                steps.problem(atSdkDefault(problem, config, resolved.get().review()));
            }
            steps.end(sent.detail());
            artifacts.put("trace_id", probe.traceId());
            artifacts.put("service", service);
            if (!dataset.isEmpty()) {
                artifacts.put("dataset", dataset);
            }
            if (auth.isPresent()) {
                AuthInfo a = auth.get();
                artifacts.put("team", a.teamSlug());
                artifacts.put("environment", a.classic() ? "classic" : a.environmentSlug());
                artifacts.put("link", HoneycombLink.trace(config.apiEndpoint(), a.teamSlug(), a.environmentSlug(), dataset,
                        probe.traceId(), probe.start(), probe.end()));
            }
            if (!sent.problems().isEmpty()) {
                return steps.result(NAME, artifacts);
            }
            if (options.readBack().enabled()) {
                QueryReadBack.verify(options.readBack(), context, config, auth, dataset, probe, steps);
            }
            return steps.result(NAME, "probe trace " + probe.traceId() + " accepted" + (auth.isEmpty() ? ""
                    : " (" + auth.get().teamSlug() + (auth.get().classic() ? "" : "/" + auth.get().environmentSlug())
                    + ", dataset " + dataset + ")"), artifacts);
        }
    }

    private Optional<AuthInfo> authenticate(HoneycombConfig config, HttpCalls http, StepTimer steps, CheckContext context) {
        if (config.key().isEmpty()) {
            steps.skip("authenticate", "no Honeycomb key: the endpoint is a collector that needs none");
            return Optional.empty();
        }
        Secret key = config.key().get();
        steps.begin("authenticate");
        HoneycombApi api = new HoneycombApi(http, config.apiEndpoint(), key);
        URI authUrl = api.resolve("/1/auth");
        try {
            HttpAnswer answer = api.auth();
            // a proxy's 407, a portal's page or another API's JSON is not Honeycomb judging the key
            Optional<Problem> notHoneycombs = Answers.notFromHoneycombsAuth(answer, authUrl, config, context.settings());
            if (notHoneycombs.isPresent()) {
                steps.problem(notHoneycombs.get());
                steps.end("Honeycomb did not answer: " + answer.status() + (answer.contentType().isEmpty() ? ""
                        : " " + answer.contentType()));
                return Optional.empty();
            }
            if (answer.status() == 200) {
                AuthInfo auth = AuthInfo.parse(HoneycombApi.json(answer).orElse(Map.of()));
                if (!auth.can("events")) {
                    steps.problem(Problem.of(ProblemCode.HONEYCOMB_KEY_PERMISSION, "the " + auth.type() + " key "
                                    + key.masked() + " lacks the \"Send Events\" permission (it has: "
                                    + String.join(", ", auth.permissions()) + ")",
                            auth.type().equals("configuration")
                                    ? "Create an Ingest key in Environment settings > API Keys, or grant this key \"Send Events\"."
                                    : "Create an Ingest key in Environment settings > API Keys.")
                            .headed("the " + auth.type() + " key may not send events"));
                }
                steps.end(auth.describe());
                return Optional.of(auth);
            }
            if (answer.status() == 401) {
                Optional<Problem> otherRegion = otherRegion(config, http, key, context);
                steps.problem(otherRegion.orElseGet(() -> Problem.of(
                        ProblemCode.HONEYCOMB_KEY_REJECTED, config.apiEndpoint().getHost() + " does not know the key "
                                + key.masked() + ": " + HoneycombApi.message(answer), null)
                        .headed("Honeycomb refused the key (401 from " + config.apiEndpoint().getHost() + ")")));
            } else {
                steps.problem(NetworkFailures.ofStatus(answer.status(), answer.header("Retry-After"),
                        HoneycombApi.message(answer), authUrl));
            }
        } catch (IOException e) {
            steps.problem(CallAnswers.network(e, authUrl, context.deadline(), context.settings()));
        }
        steps.end("not authenticated");
        return Optional.empty();
    }

    /**
     * On 401: is the key valid on the other region's API? Then that is the problem to report. When
     * the check's deadline passes while asking, that is: the key might be the other region's, so
     * "rejected" could be the wrong cause.
     */
    private static Optional<Problem> otherRegion(HoneycombConfig config, HttpCalls http, Secret key, CheckContext context) {
        Optional<URI> other = context.settings().text(KnownVariable.TRACECHECK_HONEYCOMB_OTHER_ENDPOINT).flatMap(ValueRules::parseHttpUrl)
                .or(() -> Optional.ofNullable(config.apiRegion().other().apiEndpoint()).map(URI::create));
        if (other.isEmpty()) {
            return Optional.empty();
        }
        HoneycombApi otherApi = new HoneycombApi(http, other.get(), key);
        try {
            HttpAnswer answer = otherApi.auth();
            if (answer.status() == 200) {
                String endpoint = other.get().toString().replaceAll("/+$", "");
                return Optional.of(Problem.of(ProblemCode.HONEYCOMB_KEY_WRONG_REGION, "the key " + key.masked()
                                + " is unknown at " + config.apiEndpoint() + " but valid at " + endpoint
                                + ": it belongs to the other region",
                        "export HONEYCOMB_API_ENDPOINT=" + endpoint + " and OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint)
                        .headed("the key belongs to the other region (" + other.get().getHost() + ")"));
            }
        } catch (IOException unreachable) {
            Problem failure = NetworkFailures.of(unreachable, otherApi.resolve("/1/auth"), context.deadline(), context.settings());
            if (failure.code() == ProblemCode.NET_TIMEOUT) {
                return Optional.of(new Problem(failure.code(), failure.severity(), config.apiEndpoint().getHost()
                        + " answered 401 to the key " + key.masked() + "; asked whether the key belongs to the other region, "
                        + failure.message(), failure.fix(), failure.headline()));
            }
            context.verbose("other region " + other.get() + " not reachable: " + unreachable.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    /**
     * Nothing listening where the SDK's default points is the endpoint-unset problem come true: the
     * message says whose address that is, and the fix is to set the endpoint, not to start a collector.
     */
    private static Problem atSdkDefault(Problem problem, HoneycombConfig config, ConfigReview review) {
        if (!config.sdkDefault() || !problem.code().id().startsWith("net.")) {
            return problem;
        }
        String fix = review.problems().stream().filter(p -> p.code() == ProblemCode.HONEYCOMB_ENDPOINT_UNSET)
                .map(Problem::fix).findFirst().orElse(problem.fix());
        return new Problem(problem.code(), problem.severity(), problem.message()
                + "; that is the OpenTelemetry SDK's default, since OTEL_EXPORTER_OTLP_ENDPOINT is unset", fix,
                problem.headline() + ", the SDK's default endpoint");
    }

    /**
     * The headers the app's SDK sends: OTEL_EXPORTER_OTLP_(TRACES_)HEADERS and nothing else. A plain
     * SDK never adds HONEYCOMB_API_KEY or HONEYCOMB_DATASET, so neither does the probe: a collector or
     * Honeycomb that wants them refuses the probe as it would refuse the app.
     */
    private static Map<String, String> headers(HoneycombConfig config) {
        Map<String, String> headers = new LinkedHashMap<>();
        config.headers().values().forEach((name, value) -> headers.put(name, value.reveal()));
        return headers;
    }

    /** Honeycomb's rule for environment keys: the trimmed service.name, or unknown_service. */
    static String datasetFor(String service) {
        String name = service.strip();
        return name.isEmpty() || name.startsWith("unknown_service") ? "unknown_service" : name;
    }
}
