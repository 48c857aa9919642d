package io.tracecheck.report;

import io.tracecheck.core.CheckProgress;
import io.tracecheck.terminal.Style;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * While checks run on a terminal: one line per check with a spinner, the elapsed time and the
 * step it is in, redrawn in place on stderr and erased before the report is printed.
 */
public final class ProgressLines implements CheckProgress, AutoCloseable {
    private static final String UNICODE_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final String ASCII_FRAMES = "|/-\\";

    private final PrintWriter err;
    private final String frames;
    private final Map<String, State> checks = new LinkedHashMap<>();
    private final Thread painter;
    private volatile boolean running = true;
    private int drawn;
    private int tick;

    private static final class State {
        final long started = System.nanoTime();
        volatile String step = "starting";
        volatile boolean done;
    }

    public ProgressLines(PrintWriter err, Style style) {
        this.err = err;
        this.frames = style.unicode() ? UNICODE_FRAMES : ASCII_FRAMES;
        this.painter = new Thread(this::paint, "tracecheck-progress");
        painter.setDaemon(true);
        painter.start();
    }

    @Override
    public synchronized void started(String check) {
        checks.put(check, new State());
    }

    @Override
    public synchronized void step(String check, String step) {
        State state = checks.get(check);
        if (state != null) {
            state.step = step;
        }
    }

    @Override
    public synchronized void finished(String check) {
        State state = checks.get(check);
        if (state != null) {
            state.done = true;
            state.step = "done";
        }
    }

    private void paint() {
        while (running) {
            redraw();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void redraw() {
        StringBuilder screen = new StringBuilder();
        if (drawn > 0) {
            screen.append("\u001b[").append(drawn).append('A');
        }
        tick++;
        for (Map.Entry<String, State> entry : checks.entrySet()) {
            State state = entry.getValue();
            char frame = state.done ? ' ' : frames.charAt(tick % frames.length());
            screen.append("\r\u001b[2K").append(frame).append(' ').append(String.format(Locale.ROOT, "%-10s %5.1fs  %s",
                    entry.getKey(), (System.nanoTime() - state.started) / 1e9, state.step)).append('\n');
        }
        drawn = checks.size();
        err.print(screen);
        err.flush();
    }

    /** Stops and erases the lines, leaving the cursor where they began. */
    @Override
    public synchronized void close() {
        running = false;
        painter.interrupt();
        if (drawn > 0) {
            StringBuilder erase = new StringBuilder("\u001b[").append(drawn).append('A');
            erase.append("\r\u001b[J");
            err.print(erase);
            err.flush();
        }
        drawn = 0;
    }
}
