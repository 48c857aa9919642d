package io.tracecheck.trace;

import io.tracecheck.core.Deadline;
import io.tracecheck.core.Problem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A place traces are read from: a running listen, Honeycomb's Query Data API, X-Ray. {@code trace}
 * shows one; {@code propagation} looks up the trace it sent, and the traces around it.
 */
public interface TraceLookup {
    /** The source's name as --source spells it. */
    String name();

    /** The trace as the source holds it now; empty when none of it has arrived. */
    Optional<TraceTree> trace(String traceId, Deadline deadline) throws Failed;

    /**
     * The traces with a span that started within the window (as closely as the source can tell: to
     * the second for Honeycomb's and X-Ray's listings), to find the backend's own trace for a request:
     * {@code path} is the request's path, which a source may filter on (X-Ray's listing does).
     */
    List<TraceTree> startedBetween(Instant from, Instant to, String path, Deadline deadline) throws Failed;

    /** Where a person opens the trace. */
    Optional<String> link(String traceId);

    /** The source could not be asked: the problem says why. */
    final class Failed extends Exception {
        private final transient Problem problem;

        public Failed(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
