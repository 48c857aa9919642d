package io.tracecheck.cli;

import io.tracecheck.registry.Backends;
import io.tracecheck.core.ProblemCode;

import java.util.Arrays;
import java.util.Iterator;

/** Values completion offers for options that take a name from a known list. */
final class Candidates {
    private Candidates() {
    }

    /** Every problem code, for {@code explain CODE}. */
    static final class Codes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ProblemCode.values()).map(ProblemCode::id).iterator();
        }
    }

    /** The checks --only and --skip take (their aliases are accepted, not offered). */
    static final class BackendNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Backends.names().iterator();
        }
    }
}
