package io.tracecheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Work that loads and initialises what a command's checks will use (an SDK's classes), run on
 * another core while the command line is still being parsed. It sends nothing and its result is
 * thrown away: a check does the same work itself, only faster. A check waits for it ({@link #await})
 * right before its first touch of what is prepared (the AWS SDK: {@code aws/AwsSession.open} and the
 * profile files' parse), so no two threads ever initialise the same classes at once, and the checks
 * that need none of it (honeycomb, rollbar) run meanwhile.
 */
public final class Preparation {
    private static final List<Thread> RUNNING = new ArrayList<>();

    private Preparation() {
    }

    /** Starts {@code work} on a daemon thread; a failure in it is ignored (the check meets and reports it). */
    public static void start(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError onlyAHeadStart) {
                // nothing was sent: the check loads the same classes itself and reports what fails
            }
        }, "tracecheck-prepare-" + name);
        thread.setDaemon(true);
        synchronized (RUNNING) {
            RUNNING.add(thread);
        }
        thread.start();
    }

    /** Waits for every preparation started so far. */
    public static void await() {
        List<Thread> started;
        synchronized (RUNNING) {
            started = new ArrayList<>(RUNNING);
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (RUNNING) {
                RUNNING.remove(thread);
            }
        }
    }
}
