package io.tracecheck.core;

/** Who wants to know how running checks advance (the live progress lines on a TTY). */
public interface CheckProgress {
    CheckProgress NONE = new CheckProgress() {
    };

    default void started(String check) {
    }

    default void step(String check, String step) {
    }

    default void finished(String check) {
    }
}
