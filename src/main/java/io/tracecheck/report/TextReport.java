package io.tracecheck.report;

import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Durations;
import io.tracecheck.core.Problem;
import io.tracecheck.core.RunReport;
import io.tracecheck.core.Status;
import io.tracecheck.core.Step;
import io.tracecheck.terminal.Style;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** The human report: one line per check, its steps, problems with fixes, artifacts, a closing count. */
public final class TextReport {
    private final Style style;
    private final boolean quiet;
    private final boolean verbose;

    public TextReport(Style style, boolean quiet) {
        this(style, quiet, false);
    }

    public TextReport(Style style, boolean quiet, boolean verbose) {
        this.style = style;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    public void render(RunReport report, PrintWriter out) {
        int width = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(4);
        // a report of several checks (doctor) fits one screen: a passing check shows its summary and
        // artifacts; its steps appear when it did not pass, when it is alone, or with --verbose
        boolean allSteps = verbose || report.checks().size() == 1;
        for (CheckResult check : report.checks()) {
            if (quiet && (check.status() == Status.PASS || check.status() == Status.SKIP)) {
                continue;
            }
            renderCheck(check, width, out, allSteps || check.status() != Status.PASS);
        }
        out.println(closingLine(report));
        out.flush();
    }

    private void renderCheck(CheckResult check, int width, PrintWriter out, boolean withSteps) {
        out.println(style.mark(check.status()) + " " + pad(check.name(), width) + " "
                + style.dim(padLeft(Durations.format(check.duration()), 6)) + "  " + check.summary());
        if (!quiet && withSteps) {
            for (Step step : check.steps()) {
                out.println("    " + style.mark(step.status()) + " " + step.name()
                        + (step.detail() == null || step.detail().isEmpty() ? "" : ": " + step.detail())
                        + (step.duration().isZero() ? "" : style.dim(" (" + Durations.format(step.duration()) + ")")));
            }
        }
        for (Problem problem : check.problems()) {
            out.println("    " + style.mark(problem.severity()) + " " + problem.code().id() + ": " + problem.message());
            out.println("      fix: " + problem.fix());
        }
        Map<String, String> artifacts = new TreeMap<>(check.artifacts());
        artifacts.forEach((key, value) -> out.println("    " + key + ": " + value));
    }

    public static String closingLine(RunReport report) {
        return report.count(Status.PASS) + " passed, " + report.count(Status.WARN) + " warning"
                + (report.count(Status.WARN) == 1 ? "" : "s") + ", " + report.count(Status.FAIL) + " failed"
                + (report.count(Status.SKIP) > 0 ? ", " + report.count(Status.SKIP) + " skipped" : "")
                + "  (run " + report.runId() + ", " + Durations.format(report.duration()) + ")";
    }

    /** The env command's table of variables: name, masked value, source, verdict. */
    public void renderVariables(CheckResult env, PrintWriter out) {
        if (env.variables().isEmpty()) {
            out.println("No tracecheck variable is set (see tracecheck env --help for the list).");
            return;
        }
        int nameWidth = env.variables().stream().mapToInt(v -> v.name().length()).max().orElse(8);
        int valueWidth = Math.min(48, env.variables().stream().mapToInt(v -> v.value().length()).max().orElse(5));
        out.println(pad("VARIABLE", nameWidth) + "  " + pad("VALUE", valueWidth) + "  " + pad("SOURCE", 7) + "  VERDICT");
        for (CheckResult.VariableReport row : env.variables()) {
            out.println(pad(row.name(), nameWidth) + "  " + pad(shorten(row.value(), valueWidth), valueWidth) + "  "
                    + pad(row.source().id(), 7) + "  " + row.verdict());
        }
        out.println();
    }

    private String shorten(String value, int width) {
        String oneLine = value.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() <= width ? oneLine : oneLine.substring(0, width - 1) + style.ellipsis();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Right-aligned in {@code width}, as {@code %6s} would, without starting the JDK's Formatter for one column. */
    private static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
