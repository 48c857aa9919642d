package io.tracecheck.xray;

import io.tracecheck.aws.AwsClient;
import io.tracecheck.aws.AwsClient.Failed;
import io.tracecheck.aws.AwsError;
import io.tracecheck.aws.AwsFailure;
import io.tracecheck.aws.AwsService;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.aws.SignedPost;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Settings;
import io.tracecheck.core.Severity;
import io.tracecheck.core.StepTimer;
import io.tracecheck.core.ValueRules;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;
import io.tracecheck.network.CallAnswers;
import io.tracecheck.otlp.PartialSuccess;
import io.tracecheck.otlp.ProbeTrace;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.GetTraceSegmentDestinationResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code xray --via otlp}: X-Ray's successor path. The segment destination first (the OTLP endpoint
 * takes spans only with Transaction Search on), then the probe trace as OTLP/HTTP protobuf signed
 * with SigV4 (signing name xray), and --verify reads its spans back from the log group aws/spans.
 */
final class OtlpPath {
    static final String LOG_GROUP = "aws/spans";
    /** X-Ray's own hosts: an OTLP endpoint there is the app exporting to X-Ray. */
    private static final Pattern XRAY_HOST = Pattern.compile("xray\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?",
            Pattern.CASE_INSENSITIVE);

    private OtlpPath() {
    }

    /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (or the base endpoint) when it names X-Ray's own host: the app exports OTLP to X-Ray. */
    static Optional<URI> appEndpoint(Settings settings) {
        Optional<URI> traces = settings.text(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).flatMap(ValueRules::parseHttpUrl)
                .filter(OtlpPath::isXray);
        return traces.or(() -> settings.text(KnownVariable.OTEL_EXPORTER_OTLP_ENDPOINT).flatMap(ValueRules::parseHttpUrl)
                .filter(OtlpPath::isXray).map(base -> URI.create(base.toString().replaceAll("/+$", "") + "/v1/traces")));
    }

    static boolean isXray(URI url) {
        return url.getHost() != null && XRAY_HOST.matcher(url.getHost()).matches();
    }

    /** Where the probe goes: the app's OTLP endpoint on X-Ray, else X-Ray's endpoint (the override, or the region's) + /v1/traces. */
    static URI endpoint(Settings settings, AwsClient<XRayClient> xray) {
        return appEndpoint(settings).orElseGet(() -> URI.create(xray.endpoint().toString().replaceAll("/+$", "") + "/v1/traces"));
    }

    /** The X-Ray form of a W3C trace id, as the console and BatchGetTraces name the trace. */
    static String xrayTraceId(String w3c) {
        return "1-" + w3c.substring(0, 8) + "-" + w3c.substring(8);
    }

    /** The destination step: true when spans go to CloudWatch Logs, or when it cannot be read (the send then tells). */
    static boolean destination(AwsClient<XRayClient> xray, StepTimer steps, Optional<String> account) {
        return xray.step(steps, "destination", "GetTraceSegmentDestination", c -> c.getTraceSegmentDestination(r -> { }),
                answer -> {
                    if (!active(answer)) {
                        steps.problem(transactionSearchOff(xray.region(), account, answer.destinationAsString() + ", "
                                + answer.statusAsString()));
                    }
                    return "destination " + answer.destinationAsString() + ", " + answer.statusAsString()
                            + (active(answer) ? ": spans go to the log group " + LOG_GROUP : "");
                },
                Failed.advisory("not checked")).map(OtlpPath::active).orElse(true);
    }

    static boolean active(GetTraceSegmentDestinationResponse answer) {
        return "CloudWatchLogs".equals(answer.destinationAsString()) && "ACTIVE".equals(answer.statusAsString());
    }

    /** Transaction Search is off (or still switching): the command that turns it on, and the permissions that takes. */
    static Problem transactionSearchOff(String region, Optional<String> account, String state) {
        return Problem.of(ProblemCode.XRAY_TRANSACTION_SEARCH_OFF, "the trace segment destination in " + region + " is "
                        + state + ": the OTLP traces endpoint takes spans only with Transaction Search on (CloudWatchLogs, "
                        + "ACTIVE); turning it on needs xray:UpdateTraceSegmentDestination, xray:GetTraceSegmentDestination, "
                        + "logs:PutResourcePolicy and logs:DescribeResourcePolicies",
                enableCommand(region, account))
                .headed("Transaction Search is off in " + region + " (" + state + ")");
    }

    /** AWS's two steps: let X-Ray write to aws/spans, then send segments there. */
    static String enableCommand(String region, Optional<String> account) {
        String update = "aws xray update-trace-segment-destination --destination CloudWatchLogs --region " + region;
        if (account.isEmpty()) {
            return update + "  # first, a CloudWatch Logs resource policy that lets xray.amazonaws.com call "
                    + "logs:PutLogEvents on aws/spans";
        }
        String partition = region.toLowerCase(Locale.ROOT).startsWith("cn-") ? "aws-cn" : "aws";
        String id = account.get();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TransactionSearchXRayAccess\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"xray.amazonaws.com\"},\"Action\":\"logs:PutLogEvents\",\"Resource\":["
                + "\"arn:" + partition + ":logs:" + region + ":" + id + ":log-group:aws/spans:*\","
                + "\"arn:" + partition + ":logs:" + region + ":" + id + ":log-group:/aws/application-signals/data:*\"],"
                + "\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"arn:" + partition + ":xray:" + region + ":" + id + ":*\"},"
                + "\"StringEquals\":{\"aws:SourceAccount\":\"" + id + "\"}}}]}";
        return "aws logs put-resource-policy --region " + region + " --policy-name TransactionSearchXRayAccess "
                + "--policy-document '" + policy + "' && " + update;
    }

    /** The send step: the probe, signed, to the OTLP endpoint; true when every span was accepted. */
    static boolean send(ProbeTrace probe, URI url, AwsSession session, CheckContext context, StepTimer steps,
                        Optional<String> account) {
        steps.begin("send");
        SignedPost signed = new SignedPost(session, AwsService.xray(), "xray", "PutSpans");
        byte[] body = probe.protobuf();
        Map<String, String> headers = new LinkedHashMap<>(signed.headers(url, "application/x-protobuf", body));
        headers.put("User-Agent", "tracecheck OTel-OTLP-Exporter-Java/" + probe.sdkVersion());
        Deadline deadline = context.deadline();
        HttpAnswer answer;
        try (HttpCalls http = new HttpCalls(context.clock(), deadline::at, context::verbose,
                CallAnswers.proxies(context.settings()))) {
            answer = http.post(url, headers, "application/x-protobuf", body);
        } catch (IOException e) {
            steps.problem(CallAnswers.network(e, url, deadline, context.settings()));
            steps.end("not delivered");
            return false;
        }
        Optional<Problem> refused = read(answer, url, signed, session.region(), account, session.settings());
        if (refused.isPresent()) {
            steps.problem(refused.get());
            steps.end("refused: HTTP " + answer.status());
            return false;
        }
        PartialSuccess partial = PartialSuccess.fromProtobuf(answer.body());
        if (partial.rejected() > 0) {
            steps.problem(Problem.of(ProblemCode.XRAY_SPANS_REJECTED, url.getHost() + " answered 200 but rejected "
                    + partial.rejected() + " of " + probe.spanCount() + " spans: "
                    + (partial.message().isEmpty() ? "(no message)" : partial.message()), null));
            steps.end("partially rejected");
            return false;
        }
        steps.end(probe.spanCount() + " spans accepted by " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + " (OTLP/HTTP protobuf, SigV4 for xray)");
        return true;
    }

    /** What the endpoint's answer says when it is not a plain acceptance; empty for one. */
    private static Optional<Problem> read(HttpAnswer answer, URI url, SignedPost signed, String region, Optional<String> account,
                                          Settings settings) {
        boolean aws = answer.header("x-amzn-ErrorType").isPresent() || answer.header("x-amzn-RequestId").isPresent();
        if (!aws) {
            Optional<Problem> foreign = CallAnswers.foreign(answer, url, "X-Ray's OTLP traces endpoint", Optional.empty(), settings);
            if (foreign.isPresent()) {
                return foreign;
            }
        }
        if (answer.status() == 200) {
            if (!answer.contentType().contains("protobuf") && !answer.contentType().contains("json") && !aws) {
                return Optional.of(ForeignAnswer.unreadable(CallAnswers.seen(answer), new ForeignAnswer.Asked(
                        "X-Ray's OTLP traces endpoint", url, Optional.empty()), "an OTLP response (application/x-protobuf)"));
            }
            return Optional.empty();
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        if (answer.status() == 400 && (text.contains("TraceSegmentDestination") || text.contains("trace segment destination")
                || text.contains("Transaction Search"))) {
            return Optional.of(transactionSearchOff(region, account, "not CloudWatchLogs (the endpoint says: "
                    + NetworkFailures.excerpt(text).strip() + ")"));
        }
        if (aws || answer.status() == 403 || answer.status() == 429) {
            AwsFailure failure = signed.refused(url, answer.status(), answer.headers(), text);
            Problem problem = failure.problem();
            return Optional.of(failure.is(AwsError.OTHER_ANSWER) && problem.severity() == Severity.WARN
                    ? problem.at(Severity.FAIL) : problem);
        }
        return Optional.of(NetworkFailures.ofStatus(answer.status(), answer.header("Retry-After"), text, url));
    }

    /** --verify: the probe's spans in aws/spans, found with FilterLogEvents on the trace id. */
    static void verify(ProbeTrace probe, AwsSession session, ReadBack readBack, CheckContext context, StepTimer steps) {
        Deadline deadline = readBack.start(context.deadline());
        try (AwsClient<CloudWatchLogsClient> owned = session.client(AwsService.logs())) {
            AwsClient<CloudWatchLogsClient> logs = owned.until(deadline);
            long from = probe.start().toEpochMilli() - 60_000;
            long[] found = {0};
            readBack.run(steps, deadline, () -> {
                try {
                    found[0] = logs.call("FilterLogEvents", c -> c.filterLogEvents(r -> r.logGroupName(LOG_GROUP)
                            .filterPattern("\"" + probe.traceId() + "\"").startTime(from))).events().stream()
                            .filter(e -> e.message() != null && e.message().contains(probe.traceId())).count();
                } catch (AwsFailure failure) {
                    if (failure.is(AwsError.LOG_GROUP_NOT_FOUND) || failure.is(AwsError.RESOURCE_NOT_FOUND)) {
                        return Polling.Answer.NOT_YET; // aws/spans is made with the account's first span
                    }
                    throw failure;
                }
                return found[0] >= probe.spanCount() ? Polling.Answer.FOUND : Polling.Answer.NOT_YET;
            }, AwsFailure.READ_BACK, () -> "trace " + probe.traceId() + " read back from " + LOG_GROUP + " with FilterLogEvents ("
                    + found[0] + " spans); X-Ray's trace views (BatchGetTraces) show it only if it was indexed, 1 % of "
                    + "traces by default",
                    () -> Problem.of(ProblemCode.XRAY_SPANS_NOT_FOUND, "trace " + probe.traceId() + " was accepted but "
                            + (found[0] == 0 ? "none" : found[0] + " of " + probe.spanCount()) + " of its spans appeared in "
                            + "the log group " + LOG_GROUP + " in " + session.region() + " within the verify timeout", null));
        }
    }
}
