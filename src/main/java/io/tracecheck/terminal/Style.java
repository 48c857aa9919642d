package io.tracecheck.terminal;

import io.tracecheck.core.Severity;
import io.tracecheck.core.Status;

/**
 * How text output looks on this terminal: Unicode marks when it speaks UTF-8 (ASCII words
 * otherwise, and with --no-color), ANSI colour only on a TTY without NO_COLOR / --no-color.
 * In its own package because report, cli and listen all print with it and must not import each other.
 */
public record Style(boolean unicode, boolean color) {
    public static final Style PLAIN = new Style(false, false);

    public String mark(Status status) {
        String text = unicode
                ? switch (status) {
                    case PASS -> "✓";
                    case WARN -> "!";
                    case FAIL -> "✗";
                    case SKIP -> "-";
                }
                : switch (status) {
                    case PASS -> "ok  "; // every word four wide, so the names after them line up
                    case WARN -> "WARN";
                    case FAIL -> "FAIL";
                    case SKIP -> "skip";
                };
        return paint(status, text);
    }

    public String mark(Severity severity) {
        if (severity == Severity.INFO) {
            return unicode ? "i" : "info";
        }
        return mark(severity.status());
    }

    public String paint(Status status, String text) {
        if (!color) {
            return text;
        }
        String code = switch (status) {
            case PASS -> "32";
            case WARN -> "33";
            case FAIL -> "31";
            case SKIP -> "90";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    public String dim(String text) {
        return color ? "\u001b[2m" + text + "\u001b[0m" : text;
    }

    public String ellipsis() {
        return unicode ? "…" : "...";
    }
}
