package io.tracecheck.cwlogs;

import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsFailures;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Resolution;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck logs}: the shared AWS steps, then a probe event written to a log group and
 * stream ({@code --create} makes them), and with --verify read back with GetLogEvents.
 */
public final class LogsCheck implements Check {
    public static final String NAME = "logs";

    /** --log-group, --log-stream, --create, --verify, --verify-timeout. */
    public record Options(Optional<String> logGroup, Optional<String> logStream, boolean create, ReadBack readBack) {
    }

    private final Options options;

    public LogsCheck(Options options) {
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
        String group = options.logGroup().orElse(config.logGroup());
        String stream = options.logStream().or(config::logStream).orElseGet(LogsCheck::defaultStream);
        steps.end("log group " + group + ", stream " + stream);
        if (review.hasFailure()) {
            return steps.result(NAME, "configuration problems: nothing written", artifacts);
        }
        Optional<AwsSession> session = AwsSession.open(config, review, context, steps);
        try {
            Optional<GetCallerIdentityResponse> identity = session.flatMap(s -> s.identity(steps));
            if (identity.isEmpty()) {
                return steps.result(NAME, "the credentials were not accepted: nothing written", artifacts);
            }
            artifacts.put("account", identity.get().account());
            artifacts.put("arn", identity.get().arn());
            AwsSession aws = session.get();
            URI endpoint = aws.endpoint(KnownVariable.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS)
                    .orElse(URI.create("https://logs." + aws.region().id() + ".amazonaws.com"));
            try (CloudWatchLogsClient logs = aws.configure(CloudWatchLogsClient.builder(),
                    KnownVariable.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).build()) {
                String message = "tracecheck probe " + context.runId() + " (a test event written by tracecheck)";
                long timestamp = context.clock().millis();
                if (!write(logs, group, stream, message, timestamp, endpoint, context, steps, aws)) {
                    return steps.result(NAME, "the probe event was not written", artifacts);
                }
                artifacts.put("log_group", group);
                artifacts.put("log_stream", stream);
                artifacts.put("link", "https://" + aws.region().id() + ".console.aws.amazon.com/cloudwatch/home?region="
                        + aws.region().id() + "#logsV2:log-groups/log-group/" + console(group) + "/log-events/" + console(stream));
                if (options.readBack().enabled()) {
                    verify(logs, group, stream, context.runId(), endpoint, context, steps, aws);
                }
                return steps.result(NAME, "probe event written to " + group + " / " + stream
                        + " (account " + identity.get().account() + ")", artifacts);
            }
        } finally {
            session.ifPresent(AwsSession::close);
        }
    }

    private boolean write(CloudWatchLogsClient logs, String group, String stream, String message, long timestamp, URI endpoint,
                          CheckContext context, StepTimer steps, AwsSession aws) {
        steps.begin("write");
        List<String> created = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                PutLogEventsResponse response = logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream)
                        .logEvents(InputLogEvent.builder().timestamp(timestamp).message(message).build()));
                RejectedLogEventsInfo rejected = response.rejectedLogEventsInfo();
                if (rejected != null) {
                    steps.problem(Problem.of(ProblemCode.LOGS_EVENTS_REJECTED, "CloudWatch Logs rejected the probe event: "
                            + describe(rejected) + " (its timestamp is this machine's clock: " + Instant.ofEpochMilli(timestamp) + ")",
                            "Check this machine's clock (NTP); events older than 14 days or more than 2 hours ahead are refused."));
                    steps.end("rejected");
                    return false;
                }
                steps.end("1 event written" + (created.isEmpty() ? "" : " (created " + String.join(" and ", created) + ")"));
                return true;
            } catch (ResourceNotFoundException e) {
                boolean groupMissing = String.valueOf(e.getMessage()).contains("log group");
                if (!options.create()) {
                    steps.problem(groupMissing
                            ? Problem.of(ProblemCode.LOGS_GROUP_MISSING, "the log group " + group + " does not exist in "
                            + aws.region().id(), "aws logs create-log-group --log-group-name " + group
                            + "  (or run tracecheck logs --create)")
                            : Problem.of(ProblemCode.LOGS_STREAM_MISSING, "the log stream " + stream + " does not exist in "
                            + group, "aws logs create-log-stream --log-group-name " + group + " --log-stream-name " + stream
                            + "  (or run tracecheck logs --create)"));
                    steps.end("not written");
                    return false;
                }
                try {
                    if (groupMissing) {
                        logs.createLogGroup(r -> r.logGroupName(group));
                        created.add("the group");
                    }
                    logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
                    created.add("the stream");
                } catch (ResourceAlreadyExistsException raced) {
                    // created meanwhile: write again
                } catch (RuntimeException createFailed) {
                    steps.problem(AwsFailures.of(createFailed, groupMissing ? "logs:CreateLogGroup" : "logs:CreateLogStream",
                            endpoint, context.timeout(), aws.provider()));
                    steps.end("not written");
                    return false;
                }
            } catch (RuntimeException e) {
                steps.problem(AwsFailures.of(e, "logs:PutLogEvents", endpoint, context.timeout(), aws.provider()));
                steps.end("not written");
                return false;
            }
        }
        steps.end("not written");
        return false;
    }

    private void verify(CloudWatchLogsClient logs, String group, String stream, String runId, URI endpoint, CheckContext context,
                        StepTimer steps, AwsSession aws) {
        steps.begin("verify");
        Instant deadline = context.clock().instant().plus(options.readBack().timeout());
        try {
            Polling.Answer answer = Polling.until(context.clock(), deadline,
                    () -> found(logs, group, stream, runId) ? Polling.Answer.FOUND : Polling.Answer.NOT_YET);
            if (answer == Polling.Answer.FOUND) {
                steps.end("event read back with GetLogEvents");
            } else {
                steps.problem(Problem.of(ProblemCode.LOGS_EVENT_NOT_FOUND, "the probe event (run " + runId + ") was not "
                        + "returned by GetLogEvents from " + group + " / " + stream + " within "
                        + options.readBack().timeout().toSeconds() + " s", null));
                steps.end("not found");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            steps.end("interrupted");
        } catch (RuntimeException e) {
            steps.problem(AwsFailures.of(e, "logs:GetLogEvents", endpoint, context.timeout(), aws.provider()));
            steps.end("not read back");
        }
    }

    /** Reads the stream from its start, following forward tokens until one repeats (empty pages happen on the way). */
    private static boolean found(CloudWatchLogsClient logs, String group, String stream, String runId) {
        String token = null;
        for (int page = 0; page < 100; page++) {
            String current = token;
            GetLogEventsResponse response = logs.getLogEvents(r -> r.logGroupName(group).logStreamName(stream)
                    .startFromHead(true).nextToken(current));
            if (response.events().stream().anyMatch(e -> e.message().contains(runId))) {
                return true;
            }
            if (response.nextForwardToken() == null || response.nextForwardToken().equals(token)) {
                return false;
            }
            token = response.nextForwardToken();
        }
        return false;
    }

    private static String describe(RejectedLogEventsInfo rejected) {
        List<String> parts = new ArrayList<>();
        if (rejected.tooOldLogEventEndIndex() != null) {
            parts.add("too old (more than 14 days) up to index " + rejected.tooOldLogEventEndIndex());
        }
        if (rejected.tooNewLogEventStartIndex() != null) {
            parts.add("too new (more than 2 hours ahead) from index " + rejected.tooNewLogEventStartIndex());
        }
        if (rejected.expiredLogEventEndIndex() != null) {
            parts.add("past the group's retention up to index " + rejected.expiredLogEventEndIndex());
        }
        return String.join(", ", parts);
    }

    /** The console's own encoding of names in its URLs: percent-encoded, then '%' written as "$25". */
    private static String console(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%", "$25");
    }

    private static String defaultStream() {
        try {
            return "tracecheck-" + InetAddress.getLocalHost().getHostName().replaceAll("[:*]", "-");
        } catch (java.io.IOException e) {
            return "tracecheck-probe";
        }
    }
}
