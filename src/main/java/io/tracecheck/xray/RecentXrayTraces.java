package io.tracecheck.xray;

import io.tracecheck.aws.AwsClient;
import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsConsole;
import io.tracecheck.aws.AwsError;
import io.tracecheck.aws.AwsFailure;
import io.tracecheck.aws.AwsNames;
import io.tracecheck.aws.AwsService;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Group;
import software.amazon.awssdk.services.xray.model.TraceSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code tracecheck traces --source xray}: GetTraceSummaries for the window, with the group's
 * filter expression (--group) or --filter, newest first.
 */
public final class RecentXrayTraces {
    private RecentXrayTraces() {
    }

    /** A trace as the listing shows it. */
    public record Row(Instant time, String traceId, double durationSeconds, double responseTimeSeconds, Integer httpStatus,
                      boolean fault, boolean error, boolean throttle, String rootService, String link) {
    }

    public record Listing(List<Row> rows, List<Problem> problems) {
    }

    public static Listing list(CheckContext context, Duration since, int limit, Optional<String> group, Optional<String> filter) {
        Optional<AwsNames.Verdict> badGroup = group.flatMap(AwsNames::xrayGroup);
        if (badGroup.isPresent()) {
            return new Listing(List.of(), List.of(Problem.of(ProblemCode.CONFIG_MALFORMED, "--group '" + group.get()
                    + "' is a name AWS refuses: " + badGroup.get().problem(), "tracecheck traces --group '"
                    + badGroup.get().suggestion().replace("'", "'\\''") + "'")));
        }
        StepTimer steps = new StepTimer(context.clock());
        ConfigReview review = new ConfigReview("aws", context.settings());
        AwsConfig config = AwsConfig.review(review);
        Optional<AwsSession> session = AwsSession.open(config, review, context, steps);
        if (session.isEmpty()) {
            return new Listing(List.of(), steps.problems());
        }
        try (AwsSession aws = session.get(); AwsClient<XRayClient> xray = aws.client(AwsService.xray())) {
            Optional<String> expression = filter.isPresent() ? filter : group.isPresent() ? groupFilter(xray, group.get())
                    : Optional.empty();
            Instant end = context.clock().instant();
            List<Row> rows = xray.call("GetTraceSummaries", c -> rows(c, end.minus(since), end, expression, limit, xray.region()));
            if (Thread.currentThread().isInterrupted()) {
                // stopped between pages: what was gathered is not the listing asked for
                return new Listing(List.of(), List.of(Problem.of(ProblemCode.NET_TIMEOUT, "the X-Ray listing was interrupted "
                        + "before it finished", null)));
            }
            rows.sort(Comparator.comparing(Row::time).reversed());
            return new Listing(rows.size() > limit ? rows.subList(0, limit) : rows, List.of());
        } catch (AwsFailure failure) {
            return new Listing(List.of(), List.of(failure.is(AwsError.XRAY_GROUP_NOT_FOUND)
                    ? Problem.of(ProblemCode.XRAY_GROUP_MISSING, "the X-Ray group " + group.orElse("") + " does not exist in "
                    + session.get().region(), "Run without --group, or name a group: aws xray get-groups")
                    : failure.problem()));
        }
    }

    /** The group's filter expression; empty when the group has none. */
    private static Optional<String> groupFilter(AwsClient<XRayClient> xray, String group) throws AwsFailure {
        return xray.call("GetGroup", c -> Optional.ofNullable(c.getGroup(r -> r.groupName(group)).group())
                .map(Group::filterExpression).filter(f -> !f.isBlank()));
    }

    /** The window's summaries, at most five times the limit (they come oldest first, so the newest are picked after). */
    private static List<Row> rows(XRayClient xray, Instant start, Instant end, Optional<String> expression, int limit,
                                  String region) {
        List<Row> rows = new ArrayList<>();
        for (TraceSummary summary : xray.getTraceSummariesPaginator(r -> {
            r.startTime(start).endTime(end).sampling(false);
            expression.ifPresent(r::filterExpression);
        }).traceSummaries()) {
            rows.add(new Row(summary.startTime() != null ? summary.startTime() : end, summary.id(),
                    orZero(summary.duration()), orZero(summary.responseTime()),
                    summary.http() == null ? null : summary.http().httpStatus(),
                    Boolean.TRUE.equals(summary.hasFault()), Boolean.TRUE.equals(summary.hasError()),
                    Boolean.TRUE.equals(summary.hasThrottle()),
                    summary.serviceIds().isEmpty() ? "" : summary.serviceIds().get(0).name(),
                    AwsConsole.xrayTrace(region, summary.id())));
            if (rows.size() >= limit * 5 || Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return rows;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
