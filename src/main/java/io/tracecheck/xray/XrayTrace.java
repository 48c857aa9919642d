package io.tracecheck.xray;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.aws.AwsClient;
import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsFailure;
import io.tracecheck.aws.AwsService;
import io.tracecheck.aws.AwsSession;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.Problem;
import io.tracecheck.core.StepTimer;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.XraySegments;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Segment;
import software.amazon.awssdk.services.xray.model.Trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tracecheck trace --source xray}: one trace through BatchGetTraces, its segment documents
 * (subsegments nested in them) as spans.
 */
public final class XrayTrace {
    private XrayTrace() {
    }

    /** The spans found (none: not found) in {@code region}, or the problems that prevented the lookup. */
    public record Lookup(List<TraceSpan> spans, String region, List<Problem> problems) {
    }

    /** X-Ray as a source for {@code trace} and {@code propagation}. */
    public static io.tracecheck.trace.TraceLookup lookup(CheckContext context) {
        return new XrayTraces(context);
    }

    /** {@code traceId} in X-Ray's form, {@code 1-5f84c7a2-…}. */
    public static Lookup find(CheckContext context, String traceId) {
        StepTimer steps = new StepTimer(context.clock());
        ConfigReview review = new ConfigReview("aws", context.settings());
        AwsConfig config = AwsConfig.review(review);
        java.util.Optional<AwsSession> session = AwsSession.open(config, review, context, steps);
        if (session.isEmpty()) {
            return new Lookup(List.of(), "", steps.problems());
        }
        try (AwsSession aws = session.get(); AwsClient<XRayClient> xray = aws.client(AwsService.xray())) {
            List<Trace> traces = xray.call("BatchGetTraces", c -> c.batchGetTracesPaginator(r -> r.traceIds(traceId))
                    .traces().stream().toList());
            List<TraceSpan> spans = new ArrayList<>();
            for (Trace trace : traces) {
                for (Segment segment : trace.segments()) {
                    spans.addAll(XraySegments.of(document(segment), "xray"));
                }
            }
            return new Lookup(spans, xray.region(), List.of());
        } catch (AwsFailure failure) {
            return new Lookup(List.of(), session.get().region(), List.of(failure.problem()));
        }
    }

    /** A segment's document; one that does not parse still shows, as a span with only its id. */
    private static Map<String, Object> document(Segment segment) {
        try {
            Map<String, Object> document = JSON.std.mapFrom(segment.document());
            if (document != null) {
                return document;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Map.of("id", String.valueOf(segment.id()), "name", "(unreadable segment document)");
    }
}
