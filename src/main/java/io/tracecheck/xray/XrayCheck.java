package io.tracecheck.xray;

import io.tracecheck.aws.AwsCheck;
import io.tracecheck.aws.AwsClient;
import io.tracecheck.aws.AwsClient.Failed;
import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsConsole;
import io.tracecheck.aws.AwsError;
import io.tracecheck.aws.AwsFailure;
import io.tracecheck.aws.AwsNames;
import io.tracecheck.aws.AwsService;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.aws.DaemonAddress;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ComposeHosts;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.ServiceName;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import io.tracecheck.otlp.ProbeTrace;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Group;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.SamplingRuleRecord;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code tracecheck xray}: the shared AWS steps (resolve, region, credentials, identity), then the
 * group, a probe segment through the daemon (UDP) or the API, the sampling rules that apply, and
 * --verify; or, via otlp, X-Ray's successor path ({@link OtlpPath}). Every run ends with the
 * migration report ({@link MigrationReport}).
 */
public final class XrayCheck extends AwsCheck<XrayCheck.Plan, XRayClient> {
    public static final String NAME = "xray";
    /** The check of the OTLP path alone, as doctor --local runs it beside the X-Ray SDK's path. */
    public static final String OTLP_NAME = "xray-otlp";

    /** How the probe travels. */
    public enum Via { auto, daemon, api, otlp }

    /** --via, --group, --verify, --verify-timeout, --service-name. */
    public record Options(Via via, Optional<String> group, ReadBack readBack,
                          Optional<String> serviceName) {
    }

    /** What this run resolved: the probe's service name, the group to check, the route, the daemon. */
    record Plan(String service, Optional<String> group, Via via, DaemonAddress daemon) {
    }

    /** How long a connection to the daemon's TCP port may take to tell whether one runs here. */
    private static final java.time.Duration DAEMON_PROBE = java.time.Duration.ofMillis(200);

    private final Options options;

    public XrayCheck(Options options) {
        this(NAME, options);
    }

    private XrayCheck(String name, Options options) {
        super(name, AwsService::xray);
        this.options = options;
    }

    /** The OTLP path under its own name ({@link #OTLP_NAME}). */
    public static XrayCheck otlp(Options options) {
        return new XrayCheck(OTLP_NAME, options);
    }

    @Override
    public ReadBack readBack() {
        return options.readBack();
    }

    @Override
    protected Plan plan(AwsConfig config, CheckContext context) {
        return new Plan(options.serviceName().or(() -> ServiceName.of(context.settings())).orElse("tracecheck"),
                options.group().or(config::xrayGroup), via(context, config), config.daemonAddress());
    }

    /** A group from --group skipped the static review: the same rule, before any request. */
    @Override
    protected List<Problem> review(Plan plan) {
        return options.group().flatMap(group -> AwsNames.xrayGroup(group).map(v -> Problem.of(ProblemCode.CONFIG_MALFORMED,
                "--group '" + group + "' is a name AWS refuses: " + v.problem(),
                "tracecheck xray --group '" + v.suggestion().replace("'", "'\\''") + "'"))).stream().toList();
    }

    @Override
    protected String describe(Plan plan) {
        return "service " + plan.service() + ", via " + plan.via() + (plan.via() == Via.daemon ? " " + plan.daemon().udp() : "")
                + plan.group().map(g -> ", group " + g).orElse("");
    }

    @Override
    protected boolean needsApi(Plan plan) {
        return plan.via() == Via.api || plan.via() == Via.otlp;
    }

    @Override
    protected String probe(Plan plan, Run<XRayClient> run) {
        if (plan.via() == Via.otlp) {
            return viaOtlp(plan, run);
        }
        StepTimer steps = run.steps();
        ProbeSegment probe = ProbeSegment.create(plan.service(), run.context().runId(), run.context().clock().instant());
        Settings settings = run.context().settings();
        plan.group().ifPresent(group -> run.api().ifPresent(xray -> checkGroup(xray, group, plan.service(), steps, settings)));
        boolean sent = plan.via() == Via.daemon ? sendToDaemon(plan.daemon(), probe, steps, settings, run.context().deadline())
                : sendToApi(run.api().orElseThrow(), probe, steps);
        run.artifacts().put("trace_id", probe.traceId());
        run.artifacts().put("segment_id", probe.id());
        run.artifacts().put("via", plan.via().name());
        run.region().ifPresent(region -> run.artifacts().put("link", AwsConsole.xrayTrace(region, probe.traceId())));
        if (!sent) {
            return "the probe segment was not delivered"; // a failure is recorded: the summary is its
        }
        run.api().ifPresent(xray -> sampling(xray, plan.service(), steps));
        Optional<String> destination = run.api().flatMap(XrayCheck::destination);
        if (options.readBack().enabled() && run.api().isPresent()) {
            verify(run.api().get(), probe, run.context(), steps,
                    destination.filter(d -> d.startsWith("CloudWatchLogs")).isPresent());
        } else if (plan.via() == Via.daemon) {
            steps.problem(Problem.of(ProblemCode.XRAY_DAEMON_UNCONFIRMED, "the segment went to the daemon at "
                    + plan.daemon().udp() + " over UDP, which never acknowledges; nothing shows it reached X-Ray",
                    "tracecheck xray --verify  # reads the trace back from X-Ray"));
        }
        steps.problem(MigrationReport.of(plan.via(), settings, run.region(), run.identity().map(AwsSession.Identity::account),
                destination, OtlpPath.appEndpoint(settings).orElse(null)));
        return "probe segment " + probe.id() + " of trace " + probe.traceId() + " sent via " + plan.via()
                + run.identity().map(i -> " (account " + i.account() + ")").orElse("");
    }

    /** The OTLP path: the segment destination, the signed probe, the read-back from aws/spans. */
    private String viaOtlp(Plan plan, Run<XRayClient> run) {
        StepTimer steps = run.steps();
        AwsClient<XRayClient> xray = run.api().orElseThrow();
        Settings settings = run.context().settings();
        Optional<String> account = run.identity().map(AwsSession.Identity::account);
        URI url = OtlpPath.endpoint(settings, xray);
        ProbeTrace probe = ProbeTrace.create(plan.service(), run.context().runId());
        run.artifacts().put("trace_id", probe.traceId());
        run.artifacts().put("xray_trace_id", OtlpPath.xrayTraceId(probe.traceId()));
        run.artifacts().put("via", Via.otlp.name());
        run.artifacts().put("endpoint", url.toString());
        run.region().ifPresent(region -> run.artifacts().put("link", AwsConsole.xrayTrace(region,
                OtlpPath.xrayTraceId(probe.traceId()))));
        boolean sent = OtlpPath.destination(xray, steps, account)
                && OtlpPath.send(probe, url, run.session().orElseThrow(), run.context(), steps, account);
        steps.problem(MigrationReport.of(Via.otlp, settings, run.region(), account, Optional.empty(), url));
        if (!sent) {
            return "the probe trace was not delivered"; // a failure is recorded: the summary is its
        }
        if (options.readBack().enabled()) {
            OtlpPath.verify(probe, run.session().orElseThrow(), options.readBack(), run.context(), steps);
        }
        return "probe trace " + probe.traceId() + " (" + probe.spanCount() + " spans) sent via otlp to " + url.getHost()
                + run.identity().map(i -> " (account " + i.account() + ")").orElse("");
    }

    private Via via(CheckContext context, AwsConfig config) {
        if (options.via() != Via.auto) {
            return options.via();
        }
        if (OtlpPath.appEndpoint(context.settings()).isPresent()) {
            return Via.otlp; // the app exports OTLP to X-Ray's own endpoint
        }
        if (context.settings().isSet(KnownVariable.AWS_XRAY_DAEMON_ADDRESS)) {
            return Via.daemon;
        }
        // the daemon also listens on TCP (its sampling proxy): something there means a daemon runs
        DaemonAddress.Endpoint tcp = config.daemonAddress().tcp();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), millis(context.deadline().remaining(DAEMON_PROBE)));
            return Via.daemon;
        } catch (IOException nothingThere) {
            return Via.api;
        }
    }

    /** A socket timeout in whole milliseconds, at least 1 (0 would mean none). */
    private static int millis(java.time.Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static void checkGroup(AwsClient<XRayClient> xray, String group, String service, StepTimer steps,
                                   Settings settings) {
        xray.step(steps, "group", "GetGroup", c -> Optional.ofNullable(c.getGroup(r -> r.groupName(group)).group())
                        .map(Group::filterExpression).orElse(""),
                filter -> {
                    GroupFilter.mismatch(filter, service).ifPresent(why -> steps.problem(Problem.of(
                            ProblemCode.XRAY_GROUP_FILTER_MISMATCH, "group " + group + " has the filter " + filter + "; " + why,
                            "aws xray update-group --group-name " + group + " --filter-expression 'service(\"" + service + "\")'")));
                    settings.text(KnownVariable.AWS_XRAY_URL).ifPresent(url -> dynamicNaming(group, filter, url, service, steps,
                            new Fixes(settings)));
                    return "group " + group + (filter.isBlank() ? " (no filter)" : ", filter " + filter);
                },
                Failed.ending("not checked")
                        .when(AwsError.XRAY_GROUP_NOT_FOUND, "missing", failure -> Problem.of(ProblemCode.XRAY_GROUP_MISSING,
                                "the X-Ray group " + group + " does not exist in " + xray.region(), "aws xray create-group "
                                        + "--group-name " + group + " --filter-expression 'service(\"" + service + "\")'"))
                        .when(AwsError.UNSUPPORTED_OPERATION, failure -> unserved(failure, "the group could not be checked")));
    }

    private static boolean sendToDaemon(DaemonAddress address, ProbeSegment probe, StepTimer steps, Settings settings,
                                        Deadline deadline) {
        steps.begin("send");
        DaemonAddress.Endpoint udp = address.udp();
        if (!DaemonSender.resolves(udp.host())) {
            // xray-daemon:2000 is right inside a compose network and unresolvable from the workspace's shell
            steps.problem(ComposeHosts.diagnose(settings, new ComposeHosts.Target(udp.host(), udp.port(), "udp", NAME))
                    .orElseGet(() -> NetworkFailures.dns(udp.host(), "AWS_XRAY_DAEMON_ADDRESS, UDP " + udp)));
            steps.end("not delivered");
            return false;
        }
        try {
            if (!DaemonSender.send(udp, probe.datagram(), millis(deadline.remaining(DaemonSender.LISTEN)))) {
                steps.problem(Problem.of(ProblemCode.XRAY_DAEMON_UNREACHABLE, "nothing listens on UDP " + udp
                        + " (the port answered unreachable)", DaemonSender.startFix(udp, settings))
                        .headed("nothing listens on UDP " + udp));
                steps.end("not delivered");
                return false;
            }
            steps.end("1 segment sent to the daemon at " + udp + " (" + probe.datagram().length + " bytes)");
            return true;
        } catch (IOException e) {
            steps.problem(Problem.of(ProblemCode.XRAY_DAEMON_UNREACHABLE, "cannot send to the daemon at " + udp + ": "
                    + e.getMessage(), DaemonSender.startFix(udp, settings)));
            steps.end("not delivered");
            return false;
        }
    }

    /**
     * AWS_XRAY_URL is the host pattern of the SDK's dynamic naming: requests whose Host matches it get
     * segments named after that host, so a group that selects the fixed service name will not show them.
     */
    private static void dynamicNaming(String group, String filter, String url, String service, StepTimer steps, Fixes fixes) {
        String pattern = GroupFilter.hostPattern(url);
        List<String> selected = GroupFilter.renamedAway(filter, pattern);
        if (selected.isEmpty()) {
            return;
        }
        String literal = GroupFilter.literal(pattern);
        String widened = "(" + filter + ") OR http.url CONTAINS \"" + literal + "\"";
        steps.problem(Problem.of(ProblemCode.XRAY_GROUP_FILTER_MISMATCH, "AWS_XRAY_URL is '" + url + "': with dynamic naming "
                        + "the X-Ray SDK names the segment of every request whose Host matches " + pattern + " after that host, "
                        + "not " + service + ", so group " + group + " (filter " + filter + ") will not show them, "
                        + "though it shows this probe",
                (literal.isBlank() ? "" : "aws xray update-group --group-name " + Fixes.quote(group) + " --filter-expression "
                        + Fixes.quote(widened) + "  # the group then also shows requests through " + pattern + "; or ")
                        + "name every segment " + service + ": " + fixes.unset("AWS_XRAY_URL")));
    }

    private static boolean sendToApi(AwsClient<XRayClient> xray, ProbeSegment probe, StepTimer steps) {
        return xray.step(steps, "send", "PutTraceSegments", c -> c.putTraceSegments(r -> r.traceSegmentDocuments(probe.document())),
                response -> {
                    response.unprocessedTraceSegments().forEach(rejected -> steps.problem(Problem.of(
                            ProblemCode.XRAY_SEGMENT_REJECTED, "X-Ray rejected segment " + rejected.id() + ": "
                                    + rejected.errorCode() + " " + rejected.message(), null)));
                    return response.unprocessedTraceSegments().isEmpty() ? "1 segment accepted by PutTraceSegments" : "rejected";
                }, Failed.ending("not delivered"))
                .map(PutTraceSegmentsResponse::unprocessedTraceSegments).filter(List::isEmpty).isPresent();
    }

    /** Which sampling rule applies to the service: advice, so what AWS answers instead is a warning. */
    private static void sampling(AwsClient<XRayClient> xray, String service, StepTimer steps) {
        xray.step(steps, "sampling", "GetSamplingRules", c -> c.getSamplingRulesPaginator(r -> { }).samplingRuleRecords()
                        .stream().map(SamplingRuleRecord::samplingRule).filter(rule -> glob(rule.serviceName(), service))
                        .sorted(Comparator.comparing(SamplingRule::priority)).toList(),
                matching -> {
                    if (matching.isEmpty()) {
                        return "no sampling rule matches " + service;
                    }
                    SamplingRule rule = matching.get(0);
                    if (rule.fixedRate() == 0 && rule.reservoirSize() == 0) {
                        steps.problem(Problem.of(ProblemCode.XRAY_SAMPLING_ZERO, "the sampling rule " + rule.ruleName()
                                + " (priority " + rule.priority() + ") that applies to " + service + " samples nothing: "
                                + "fixed rate 0 and reservoir 0", "Raise its fixed rate or reservoir: aws xray "
                                + "update-sampling-rule --sampling-rule-update '{\"RuleName\":\"" + rule.ruleName()
                                + "\",\"FixedRate\":0.05,\"ReservoirSize\":1}'"));
                    }
                    return "rule " + rule.ruleName() + " applies: fixed rate " + Math.round(rule.fixedRate() * 100)
                            + "%, reservoir " + rule.reservoirSize() + "/s";
                },
                Failed.advisory("not checked")
                        .when(AwsError.UNSUPPORTED_OPERATION, failure -> unserved(failure, "sampling could not be checked")));
    }

    /** An endpoint without the operation (an emulator): a warning, with the way to AWS itself. */
    private static Problem unserved(AwsFailure failure, String consequence) {
        return Problem.warn(ProblemCode.HTTP_UNEXPECTED, failure.problem().message() + ": " + consequence,
                failure.problem().fix());
    }

    private static boolean glob(String pattern, String value) {
        String regex = ("\\Q" + (pattern == null ? "*" : pattern) + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return value.matches(regex);
    }

    /**
     * The read-back has --verify-timeout of its own from here; every call in it gets only what is left of that.
     * With Transaction Search on ({@code spansGoToLogs}) BatchGetTraces shows only the traces it indexed, so a
     * probe it never returns is reported as that, not as lost.
     */
    private void verify(AwsClient<XRayClient> checkClient, ProbeSegment probe, CheckContext context, StepTimer steps,
                        boolean spansGoToLogs) {
        Deadline deadline = options.readBack().start(context.deadline());
        AwsClient<XRayClient> xray = checkClient.until(deadline);
        options.readBack().run(steps, deadline, () -> xray.call("BatchGetTraces", c -> c.batchGetTraces(r -> r.traceIds(probe.traceId())))
                        .traces().stream().flatMap(t -> t.segments().stream()).anyMatch(s -> probe.id().equals(s.id()))
                        ? Polling.Answer.FOUND : Polling.Answer.NOT_YET,
                AwsFailure.READ_BACK, () -> "trace " + probe.traceId() + " read back with BatchGetTraces",
                () -> spansGoToLogs
                        ? Problem.of(ProblemCode.XRAY_TRANSACTION_SEARCH, "Transaction Search is on in " + xray.region()
                                + ": spans go to CloudWatch Logs (log group aws/spans), and BatchGetTraces shows only the "
                                + "traces it indexed (1 % by default); it did not return the probe",
                                transactionSearchFix(probe, xray.region()))
                        : Problem.of(ProblemCode.XRAY_TRACE_NOT_FOUND, "trace " + probe.traceId() + " was not returned by "
                                + "BatchGetTraces in " + xray.region() + " within the verify timeout", null));
    }

    /**
     * The probe where Transaction Search keeps spans (the aws/spans log group), and the command that sends
     * segments back to X-Ray, which turns Transaction Search off for the whole account and region.
     */
    private static String transactionSearchFix(ProbeSegment probe, String region) {
        return "aws logs filter-log-events --region " + region + " --log-group-name aws/spans --filter-pattern '\""
                + probe.traceId() + "\"' --query 'events[].message'  # the probe's spans, where Transaction Search keeps them; "
                + "for BatchGetTraces and the X-Ray console to see traces again: aws xray update-trace-segment-destination "
                + "--destination XRay --region " + region + ", which turns Transaction Search off for the account in " + region
               ;
    }

    /** The segment destination as GetTraceSegmentDestination answers it ("CloudWatchLogs, ACTIVE"); empty when it cannot say. */
    private static Optional<String> destination(AwsClient<XRayClient> xray) {
        try {
            return Optional.ofNullable(xray.call("GetTraceSegmentDestination", c -> c.getTraceSegmentDestination(r -> { })))
                    .filter(answer -> answer.destination() != null)
                    .map(answer -> answer.destinationAsString() + ", " + answer.statusAsString());
        } catch (AwsFailure unsupported) {
            return Optional.empty();
        }
    }
}
