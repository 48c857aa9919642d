package io.tracecheck.core;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids label every probe of one run: 12 hex digits, short enough to type into a filter. */
public final class RunIds {
    private RunIds() {
    }

    public static String next() {
        byte[] bytes = new byte[6];
        // Uniqueness is all a run id needs; SecureRandom would cost startup time for nothing.
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
