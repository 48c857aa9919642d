package io.tracecheck.cwlogs;

import io.tracecheck.aws.AwsCheck;
import io.tracecheck.aws.AwsClient;
import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsConsole;
import io.tracecheck.aws.AwsError;
import io.tracecheck.aws.AwsFailure;
import io.tracecheck.aws.AwsNames;
import io.tracecheck.aws.AwsService;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code tracecheck logs}: the shared AWS steps (resolve, region, credentials, identity), then a
 * probe event written to a log group and stream ({@code --create} makes them), and with --verify
 * read back with GetLogEvents.
 */
public final class LogsCheck extends AwsCheck<LogsCheck.Plan, CloudWatchLogsClient> {
    public static final String NAME = "logs";

    /** --log-group, --log-stream, --create, --verify, --verify-timeout. */
    public record Options(Optional<String> logGroup, Optional<String> logStream, boolean create, ReadBack readBack) {
    }

    /** Where the probe event goes. */
    record Plan(String group, String stream) {
    }

    private static final int WRITE_ATTEMPTS = 3;

    private final Options options;

    public LogsCheck(Options options) {
        super(NAME, AwsService::logs);
        this.options = options;
    }

    @Override
    public ReadBack readBack() {
        return options.readBack();
    }

    @Override
    protected Plan plan(AwsConfig config, CheckContext context) {
        return new Plan(options.logGroup().orElse(config.logGroup()),
                options.logStream().or(config::logStream).orElseGet(LogsCheck::defaultStream));
    }

    /** A group or stream from --log-group/--log-stream skipped the static review: the same rules, before any request. */
    @Override
    protected List<Problem> review(Plan plan) {
        List<Problem> problems = new ArrayList<>();
        options.logGroup().ifPresent(group -> AwsNames.logGroup(group).ifPresent(v -> problems.add(Problem.of(
                ProblemCode.CONFIG_MALFORMED, "--log-group '" + group + "' is a name AWS refuses: " + v.problem(),
                "tracecheck logs --log-group " + v.suggestion()))));
        options.logStream().ifPresent(stream -> AwsNames.logStream(stream).ifPresent(v -> problems.add(Problem.of(
                ProblemCode.CONFIG_MALFORMED, "--log-stream '" + stream + "' is a name AWS refuses: " + v.problem(),
                "tracecheck logs --log-stream '" + v.suggestion().replace("'", "'\\''") + "'"))));
        return problems;
    }

    @Override
    protected String describe(Plan plan) {
        return "log group " + plan.group() + ", stream " + plan.stream();
    }

    @Override
    protected boolean needsApi(Plan plan) {
        return true;
    }

    @Override
    protected String probe(Plan plan, Run<CloudWatchLogsClient> run) {
        AwsClient<CloudWatchLogsClient> logs = run.api().orElseThrow();
        String runId = run.context().runId();
        InputLogEvent event = InputLogEvent.builder().timestamp(run.context().clock().millis())
                .message("tracecheck probe " + runId + " (a test event written by tracecheck)").build();
        if (!write(logs, plan, event, run.steps())) {
            return "the probe event was not written"; // a failure is recorded: the summary is its
        }
        run.artifacts().put("log_group", plan.group());
        run.artifacts().put("log_stream", plan.stream());
        run.artifacts().put("link", AwsConsole.logEvents(logs.region(), plan.group(), plan.stream()));
        if (options.readBack().enabled()) {
            // the read-back has --verify-timeout of its own from here; every call in it gets only what is left of that
            Deadline deadline = options.readBack().start(run.context().deadline());
            AwsClient<CloudWatchLogsClient> reading = logs.until(deadline);
            options.readBack().run(run.steps(), deadline,
                    () -> found(reading, plan, runId) ? Polling.Answer.FOUND : Polling.Answer.NOT_YET, AwsFailure.READ_BACK,
                    () -> "event read back with GetLogEvents",
                    () -> Problem.of(ProblemCode.LOGS_EVENT_NOT_FOUND, "the probe event (run " + runId + ") was not "
                            + "returned by GetLogEvents from " + plan.group() + " / " + plan.stream() + " within "
                            + options.readBack().timeout().toSeconds() + " s", null));
        }
        return "probe event written to " + plan.group() + " / " + plan.stream()
                + run.identity().map(i -> " (account " + i.account() + ")").orElse("");
    }

    /** PutLogEvents; with --create, a missing group or stream is created and the write tried again. */
    private boolean write(AwsClient<CloudWatchLogsClient> logs, Plan plan, InputLogEvent event, StepTimer steps) {
        steps.begin("write");
        java.util.Set<String> created = new java.util.LinkedHashSet<>(); // each once, however many attempts
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                RejectedLogEventsInfo rejected = logs.call("PutLogEvents", c -> c.putLogEvents(r -> r.logGroupName(plan.group())
                        .logStreamName(plan.stream()).logEvents(event))).rejectedLogEventsInfo();
                if (rejected != null) {
                    steps.problem(Problem.of(ProblemCode.LOGS_EVENTS_REJECTED, "CloudWatch Logs rejected the probe event: "
                            + describe(rejected) + " (its timestamp is this machine's clock: "
                            + Instant.ofEpochMilli(event.timestamp()) + ")",
                            "Check this machine's clock (NTP); events older than 14 days or more than 2 hours ahead are refused."));
                    steps.end("rejected");
                    return false;
                }
                steps.end("1 event written" + (created.isEmpty() ? "" : " (created " + String.join(" and ", created) + ")"));
                return true;
            } catch (AwsFailure failure) {
                boolean groupMissing = failure.is(AwsError.LOG_GROUP_NOT_FOUND);
                if (!groupMissing && !failure.is(AwsError.LOG_STREAM_NOT_FOUND)) {
                    return notWritten(steps, failure.problem());
                }
                if (!options.create()) {
                    return notWritten(steps, groupMissing ? Problem.of(ProblemCode.LOGS_GROUP_MISSING, "the log group "
                            + plan.group() + " does not exist in " + logs.region(), "aws logs create-log-group --log-group-name "
                            + plan.group() + "  # or run tracecheck logs --create")
                            : Problem.of(ProblemCode.LOGS_STREAM_MISSING, "the log stream " + plan.stream() + " does not exist in "
                            + plan.group(), "aws logs create-log-stream --log-group-name " + plan.group() + " --log-stream-name "
                            + plan.stream() + "  # or run tracecheck logs --create"));
                }
                try {
                    if (groupMissing) {
                        logs.call("CreateLogGroup", c -> c.createLogGroup(r -> r.logGroupName(plan.group())));
                        created.add("the group");
                    }
                    logs.call("CreateLogStream", c -> c.createLogStream(r -> r.logGroupName(plan.group())
                            .logStreamName(plan.stream())));
                    created.add("the stream");
                } catch (AwsFailure createFailed) {
                    if (!createFailed.is(AwsError.ALREADY_EXISTS)) {
                        return notWritten(steps, createFailed.problem());
                    }
                    // created meanwhile by someone else: write again
                }
            }
        }
        // created (or found created) each time, yet PutLogEvents still does not see it: CloudWatch Logs has
        // not caught up with the new group or stream; it does within seconds
        return notWritten(steps, Problem.of(ProblemCode.LOGS_STREAM_MISSING, "PutLogEvents still answered that "
                + plan.group() + " / " + plan.stream() + " does not exist after " + WRITE_ATTEMPTS + " writes, "
                + (created.isEmpty() ? "although it exists" : "although tracecheck created " + String.join(" and ", created))
                + ": CloudWatch Logs had not caught up with it yet", "sleep 10 && tracecheck logs --log-group " + plan.group()
                + " --log-stream " + plan.stream()));
    }

    private static boolean notWritten(StepTimer steps, Problem problem) {
        steps.problem(problem);
        steps.end("not written");
        return false;
    }

    /** Reads the stream from its start, following forward tokens until one repeats (empty pages happen on the way). */
    private static boolean found(AwsClient<CloudWatchLogsClient> logs, Plan plan, String runId) throws AwsFailure {
        String token = null;
        for (int page = 0; page < 100; page++) {
            String current = token;
            GetLogEventsResponse response = logs.call("GetLogEvents", c -> c.getLogEvents(r -> r.logGroupName(plan.group())
                    .logStreamName(plan.stream()).startFromHead(true).nextToken(current)));
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

    private static String defaultStream() {
        try {
            return "tracecheck-" + InetAddress.getLocalHost().getHostName().replaceAll("[:*]", "-");
        } catch (java.io.IOException e) {
            return "tracecheck-probe";
        }
    }
}
