package io.tracecheck.xray;

import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsFailures;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.aws.DaemonAddress;
import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.ServiceName;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Resolution;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.BatchGetTracesResponse;
import software.amazon.awssdk.services.xray.model.GetGroupResponse;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.SamplingRuleRecord;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck xray}: the shared AWS steps (region, credentials, identity), the group, a probe
 * segment through the daemon (UDP) or the API, the sampling rules that apply, and --verify.
 */
public final class XrayCheck implements Check {
    public static final String NAME = "xray";

    /** How the probe travels. */
    public enum Via { auto, daemon, api }

    /** --via, --group, --verify, --verify-timeout, --service-name. */
    public record Options(Via via, Optional<String> group, ReadBack readBack,
                          Optional<String> serviceName) {
    }

    private final Options options;

    public XrayCheck(Options options) {
        this.options = options;
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
        Optional<Resolution<AwsConfig>> resolved = Resolution.begin("aws", context.settings(), steps,
                AwsConfig::review, AwsConfig::notConfigured);
        if (resolved.isEmpty()) {
            return steps.result(NAME, "not configured", artifacts);
        }
        AwsConfig config = resolved.get().config();
        ConfigReview review = resolved.get().review();
        String service = options.serviceName().or(() -> ServiceName.of(context.settings())).orElse("tracecheck");
        Optional<String> group = options.group().or(config::xrayGroup);
        Via via = via(context, config);
        steps.end("service " + service + ", via " + via + (via == Via.daemon ? " " + config.daemonAddress().udp() : "")
                + group.map(g -> ", group " + g).orElse(""));
        if (review.hasFailure()) {
            return steps.result(NAME, "configuration problems: nothing sent", artifacts);
        }
        Optional<AwsSession> session = AwsSession.open(config, review, context, steps);
        try {
            Optional<GetCallerIdentityResponse> identity = session.flatMap(s -> s.identity(steps));
            identity.ifPresent(i -> {
                artifacts.put("account", i.account());
                artifacts.put("arn", i.arn());
            });
            boolean apiUsable = identity.isPresent();
            if (!apiUsable && via == Via.api) {
                return steps.result(NAME, "the credentials were not accepted: nothing sent", artifacts);
            }
            ProbeSegment probe = ProbeSegment.create(service, context.runId(), context.clock().instant());
            try (XRayClient xray = apiUsable ? session.get().configure(XRayClient.builder(),
                    KnownVariable.AWS_ENDPOINT_URL_XRAY).build() : null) {
                URI endpoint = session.flatMap(s -> s.endpoint(KnownVariable.AWS_ENDPOINT_URL_XRAY))
                        .orElse(URI.create("https://xray." + session.map(s -> s.region().id()).orElse("us-east-1") + ".amazonaws.com"));
                if (apiUsable && group.isPresent()) {
                    checkGroup(xray, group.get(), service, endpoint, context, steps, session.get());
                }
                boolean sent = via == Via.daemon ? sendToDaemon(config.daemonAddress(), probe, steps)
                        : sendToApi(xray, probe, endpoint, context, steps, session.get());
                artifacts.put("trace_id", probe.traceId());
                artifacts.put("segment_id", probe.id());
                artifacts.put("via", via.name());
                session.ifPresent(s -> artifacts.put("link", "https://" + s.region().id()
                        + ".console.aws.amazon.com/cloudwatch/home?region=" + s.region().id() + "#xray:traces/" + probe.traceId()));
                if (!sent) {
                    return steps.result(NAME, "the probe segment was not delivered", artifacts);
                }
                if (apiUsable) {
                    sampling(xray, service, steps, endpoint, context, session.get());
                }
                if (options.readBack().enabled() && apiUsable) {
                    verify(xray, probe, endpoint, context, steps, session.get());
                } else if (via == Via.daemon) {
                    steps.problem(Problem.of(ProblemCode.XRAY_DAEMON_UNCONFIRMED, "the segment went to the daemon at "
                            + config.daemonAddress().udp() + " over UDP, which never acknowledges; nothing shows it reached X-Ray",
                            "Run tracecheck xray --verify to read the trace back."));
                }
                return steps.result(NAME, "probe segment " + probe.id() + " of trace " + probe.traceId() + " sent via "
                        + via + identity.map(i -> " (account " + i.account() + ")").orElse(""), artifacts);
            }
        } finally {
            session.ifPresent(AwsSession::close);
        }
    }

    private Via via(CheckContext context, AwsConfig config) {
        if (options.via() != Via.auto) {
            return options.via();
        }
        if (context.settings().isSet(KnownVariable.AWS_XRAY_DAEMON_ADDRESS)) {
            return Via.daemon;
        }
        // the daemon also listens on TCP (its sampling proxy): something there means a daemon runs
        DaemonAddress.Endpoint tcp = config.daemonAddress().tcp();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), 200);
            return Via.daemon;
        } catch (IOException nothingThere) {
            return Via.api;
        }
    }

    private static boolean sendToDaemon(DaemonAddress address, ProbeSegment probe, StepTimer steps) {
        steps.begin("send");
        try {
            if (!DaemonSender.send(address.udp(), probe.datagram())) {
                steps.problem(Problem.of(ProblemCode.XRAY_DAEMON_UNREACHABLE, "nothing listens on UDP " + address.udp()
                        + " (the port answered unreachable)", "Start the X-Ray daemon (or the CloudWatch agent) there, or set "
                        + "AWS_XRAY_DAEMON_ADDRESS to where it runs."));
                steps.end("not delivered");
                return false;
            }
            steps.end("1 segment sent to the daemon at " + address.udp() + " (" + probe.datagram().length + " bytes)");
            return true;
        } catch (IOException e) {
            steps.problem(Problem.of(ProblemCode.XRAY_DAEMON_UNREACHABLE, "cannot send to the daemon at " + address.udp() + ": "
                    + e.getMessage(), null));
            steps.end("not delivered");
            return false;
        }
    }

    private static boolean sendToApi(XRayClient xray, ProbeSegment probe, URI endpoint, CheckContext context, StepTimer steps,
                                     AwsSession session) {
        steps.begin("send");
        try {
            PutTraceSegmentsResponse response = xray.putTraceSegments(r -> r.traceSegmentDocuments(probe.document()));
            for (UnprocessedTraceSegment rejected : response.unprocessedTraceSegments()) {
                steps.problem(Problem.of(ProblemCode.XRAY_SEGMENT_REJECTED, "X-Ray rejected segment " + rejected.id() + ": "
                        + rejected.errorCode() + " " + rejected.message(), null));
            }
            steps.end(response.unprocessedTraceSegments().isEmpty() ? "1 segment accepted by PutTraceSegments" : "rejected");
            return response.unprocessedTraceSegments().isEmpty();
        } catch (RuntimeException e) {
            steps.problem(AwsFailures.of(e, "xray:PutTraceSegments", endpoint, context.timeout(), session.provider()));
            steps.end("not delivered");
            return false;
        }
    }

    private static void checkGroup(XRayClient xray, String group, String service, URI endpoint, CheckContext context,
                                   StepTimer steps, AwsSession session) {
        steps.begin("group");
        try {
            GetGroupResponse response = xray.getGroup(r -> r.groupName(group));
            String filter = response.group().filterExpression();
            GroupFilter.mismatch(filter, service).ifPresent(why -> steps.problem(Problem.of(
                    ProblemCode.XRAY_GROUP_FILTER_MISMATCH, "group " + group + " has the filter " + filter + "; " + why,
                    "aws xray update-group --group-name " + group + " --filter-expression 'service(\"" + service + "\")'")));
            steps.end("group " + group + (filter == null || filter.isBlank() ? " (no filter)" : ", filter " + filter));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                steps.problem(Problem.warn(ProblemCode.HTTP_UNEXPECTED, "this X-Ray endpoint does not serve GetGroup (404): "
                        + "the group could not be checked", "Nothing to fix in your setup; an emulator lacks the operation."));
                steps.end("not checked");
            } else if (String.valueOf(e.getMessage()).contains("Group not found")) {
                steps.problem(Problem.of(ProblemCode.XRAY_GROUP_MISSING, "the X-Ray group " + group + " does not exist in "
                        + session.region().id(), "aws xray create-group --group-name " + group
                        + " --filter-expression 'service(\"" + service + "\")'"));
                steps.end("missing");
            } else {
                steps.problem(AwsFailures.of(e, "xray:GetGroup", endpoint, context.timeout(), session.provider()));
                steps.end("not checked");
            }
        } catch (RuntimeException e) {
            steps.problem(AwsFailures.of(e, "xray:GetGroup", endpoint, context.timeout(), session.provider()));
            steps.end("not checked");
        }
    }

    private static void sampling(XRayClient xray, String service, StepTimer steps, URI endpoint, CheckContext context,
                                 AwsSession session) {
        steps.begin("sampling");
        try {
            List<SamplingRule> matching = xray.getSamplingRulesPaginator(r -> { }).samplingRuleRecords().stream()
                    .map(SamplingRuleRecord::samplingRule)
                    .filter(rule -> glob(rule.serviceName(), service))
                    .sorted(Comparator.comparing(SamplingRule::priority)).toList();
            if (matching.isEmpty()) {
                steps.end("no sampling rule matches " + service);
                return;
            }
            SamplingRule rule = matching.get(0);
            if (rule.fixedRate() == 0 && rule.reservoirSize() == 0) {
                steps.problem(Problem.of(ProblemCode.XRAY_SAMPLING_ZERO, "the sampling rule " + rule.ruleName()
                                + " (priority " + rule.priority() + ") that applies to " + service + " samples nothing: "
                                + "fixed rate 0 and reservoir 0", "Raise its fixed rate or reservoir: aws xray update-sampling-rule "
                                + "--sampling-rule-update '{\"RuleName\":\"" + rule.ruleName() + "\",\"FixedRate\":0.05,\"ReservoirSize\":1}'"));
            }
            steps.end("rule " + rule.ruleName() + " applies: fixed rate " + Math.round(rule.fixedRate() * 100) + "%, reservoir "
                    + rule.reservoirSize() + "/s");
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                steps.problem(Problem.warn(ProblemCode.HTTP_UNEXPECTED, "this X-Ray endpoint does not serve GetSamplingRules "
                        + "(404): sampling could not be checked", "Nothing to fix in your setup; an emulator lacks the operation."));
            } else {
                steps.problem(Problem.warn(ProblemCode.AWS_ACCESS_DENIED, "sampling rules could not be read: "
                        + e.awsErrorDetails().errorCode(), "Allow xray:GetSamplingRules to see which rule applies."));
            }
            steps.end("not checked");
        } catch (RuntimeException e) {
            steps.problem(AwsFailures.of(e, "xray:GetSamplingRules", endpoint, context.timeout(), session.provider()));
            steps.end("not checked");
        }
    }

    private static boolean glob(String pattern, String value) {
        String regex = ("\\Q" + (pattern == null ? "*" : pattern) + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return value.matches(regex);
    }

    private void verify(XRayClient xray, ProbeSegment probe, URI endpoint, CheckContext context, StepTimer steps,
                               AwsSession session) {
        steps.begin("verify");
        try {
            String destination = xray.getTraceSegmentDestination(r -> { }).destinationAsString();
            if ("CloudWatchLogs".equals(destination)) {
                steps.problem(Problem.of(ProblemCode.XRAY_TRANSACTION_SEARCH, "Transaction Search is on in " + session.region().id()
                        + ": spans go to CloudWatch Logs (log group aws/spans), where BatchGetTraces cannot see the probe",
                        "Look for trace " + probe.traceId() + " in CloudWatch Transaction Search."));
                steps.end("not read back");
                return;
            }
        } catch (RuntimeException unsupported) {
            context.verbose("GetTraceSegmentDestination unavailable: " + unsupported.getClass().getSimpleName());
        }
        Instant deadline = context.clock().instant().plus(options.readBack().timeout());
        try {
            Polling.Answer answer = Polling.until(context.clock(), deadline, () -> {
                BatchGetTracesResponse response = xray.batchGetTraces(r -> r.traceIds(probe.traceId()));
                return response.traces().stream().flatMap(t -> t.segments().stream()).anyMatch(s -> probe.id().equals(s.id()))
                        ? Polling.Answer.FOUND : Polling.Answer.NOT_YET;
            });
            if (answer == Polling.Answer.FOUND) {
                steps.end("trace " + probe.traceId() + " read back with BatchGetTraces");
            } else {
                steps.problem(Problem.of(ProblemCode.XRAY_TRACE_NOT_FOUND, "trace " + probe.traceId()
                        + " was not returned by BatchGetTraces in " + session.region().id() + " within the verify timeout", null));
                steps.end("not found");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            steps.end("interrupted");
        } catch (RuntimeException e) {
            steps.problem(AwsFailures.of(e, "xray:BatchGetTraces", endpoint, context.timeout(), session.provider()));
            steps.end("not read back");
        }
    }
}
