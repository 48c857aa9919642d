package io.tracecheck.cli;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.util.function.IntSupplier;

/**
 * The width of the terminal the live view prints on, followed as the window is resized (JLine).
 * Not a TTY: no width, lines are printed whole.
 */
final class TerminalWidth implements IntSupplier, AutoCloseable {
    private final Terminal terminal;
    private volatile int width;

    private TerminalWidth(Terminal terminal, int fallback) {
        this.terminal = terminal;
        this.width = terminal == null ? fallback : usable(terminal.getWidth(), fallback);
        if (terminal != null) {
            terminal.handle(Terminal.Signal.WINCH, signal -> width = usable(terminal.getWidth(), width));
        }
    }

    /** On a TTY, the terminal's width; otherwise 0 (no limit). */
    static TerminalWidth of(boolean tty, int fallback) {
        if (!tty) {
            return new TerminalWidth(null, 0);
        }
        try {
            return new TerminalWidth(TerminalBuilder.builder().system(true).dumb(true).build(), fallback);
        } catch (IOException | RuntimeException e) {
            return new TerminalWidth(null, fallback);
        }
    }

    private static int usable(int columns, int fallback) {
        return columns >= 20 ? columns : fallback;
    }

    @Override
    public int getAsInt() {
        return width;
    }

    @Override
    public void close() {
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException ignored) {
                // the terminal is going away anyway
            }
        }
    }
}
