package io.tracecheck.xray;

import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsFailures;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.TraceSummary;

import java.net.URI;
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
        StepTimer steps = new StepTimer(context.clock());
        ConfigReview review = new ConfigReview("aws", context.settings());
        AwsConfig config = AwsConfig.review(review);
        Optional<AwsSession> session = AwsSession.open(config, review, context, steps);
        if (session.isEmpty()) {
            return new Listing(List.of(), steps.problems());
        }
        try (AwsSession aws = session.get();
             XRayClient xray = aws.configure(XRayClient.builder(), KnownVariable.AWS_ENDPOINT_URL_XRAY).build()) {
            URI endpoint = aws.endpoint(KnownVariable.AWS_ENDPOINT_URL_XRAY)
                    .orElse(URI.create("https://xray." + aws.region().id() + ".amazonaws.com"));
            try {
                Optional<String> expression = filter.or(() -> group.map(g -> xray.getGroup(r -> r.groupName(g)).group()
                        .filterExpression()).filter(f -> f != null && !f.isBlank()));
                Instant end = context.clock().instant();
                Instant start = end.minus(since);
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
                            "https://" + aws.region().id() + ".console.aws.amazon.com/cloudwatch/home?region=" + aws.region().id()
                                    + "#xray:traces/" + summary.id()));
                    if (rows.size() >= limit * 5) {
                        break;
                    }
                }
                rows.sort(Comparator.comparing(Row::time).reversed());
                return new Listing(rows.size() > limit ? rows.subList(0, limit) : rows, List.of());
            } catch (RuntimeException e) {
                return new Listing(List.of(), List.of(AwsFailures.of(e, "xray:GetTraceSummaries", endpoint, context.timeout(),
                        aws.provider())));
            }
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
