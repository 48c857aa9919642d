package io.tracecheck.listen.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the emulated account's traces go, as GetTraceSegmentDestination and
 * UpdateTraceSegmentDestination see it: X-Ray's own store, or CloudWatch Logs (Transaction Search,
 * log group {@code aws/spans}). The OTLP traces endpoint takes spans only in the second case.
 * <p>
 * An update answers PENDING, as AWS does; the next read answers ACTIVE, since nothing here takes
 * time to switch.
 */
public final class TraceSegmentDestination {
    public static final String XRAY = "XRay";
    public static final String CLOUDWATCH_LOGS = "CloudWatchLogs";

    private String destination;
    private boolean pending;

    public TraceSegmentDestination(String initial) {
        this.destination = initial;
    }

    /** Transaction Search is on: spans go to CloudWatch Logs. */
    public synchronized boolean spansToLogs() {
        return CLOUDWATCH_LOGS.equals(destination);
    }

    /** The GetTraceSegmentDestination answer. */
    synchronized Map<String, Object> read() {
        Map<String, Object> answer = answer(pending ? "PENDING" : "ACTIVE");
        pending = false;
        return answer;
    }

    /** The UpdateTraceSegmentDestination answer, or null for a destination AWS does not know. */
    synchronized Map<String, Object> update(Object wanted) {
        if (!XRAY.equals(wanted) && !CLOUDWATCH_LOGS.equals(wanted)) {
            return null;
        }
        pending = !wanted.equals(destination);
        destination = (String) wanted;
        return answer(pending ? "PENDING" : "ACTIVE");
    }

    private Map<String, Object> answer(String status) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Destination", destination);
        answer.put("Status", status);
        return answer;
    }
}
