package io.tracecheck.propagation;

import io.tracecheck.core.Deadline;
import io.tracecheck.core.Problem;
import io.tracecheck.trace.TraceTree;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the backend's spans are looked up: a running listen, Honeycomb, X-Ray. */
public interface TraceLookup {
    /** The source's name as --source spells it. */
    String name();

    /** The trace as the source holds it now; empty when none of it has arrived. */
    Optional<TraceTree> trace(String traceId, Deadline deadline) throws Failed;

    /** The traces that started within the window, to find the backend's own trace for the request. */
    List<TraceTree> startedBetween(Instant from, Instant to, Deadline deadline) throws Failed;

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
