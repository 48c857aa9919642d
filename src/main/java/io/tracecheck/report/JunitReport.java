package io.tracecheck.report;

import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Problem;
import io.tracecheck.core.RunReport;
import io.tracecheck.core.Severity;
import io.tracecheck.core.Status;
import io.tracecheck.core.Step;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code doctor --junit FILE}: one testcase per check, in the JUnit XML format CI systems read
 * (testsuites/testsuite/testcase, failure for a failed check, skipped for a skipped one; warnings
 * fail only under --strict). Steps, problems and artifacts go to the testcase's system-out.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static void write(RunReport report, boolean strict, Writer out, Instant finished) throws IOException {
        long failures = report.checks().stream().filter(c -> failed(c, strict)).count();
        long skipped = report.count(Status.SKIP);
        String time = seconds(report.duration().toMillis());
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"tracecheck\" tests=\"").append(report.checks().size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\" time=\"").append(time)
                .append("\">\n");
        xml.append("  <testsuite name=\"tracecheck doctor\" tests=\"").append(report.checks().size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\" time=\"").append(time)
                .append("\" timestamp=\"").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC)
                        .format(finished.minus(report.duration())).replaceAll("\\.\\d+$", "")).append("\">\n");
        xml.append("    <properties>\n");
        property(xml, "run_id", report.runId());
        property(xml, "version", report.version());
        property(xml, "status", report.status().id());
        property(xml, "strict", String.valueOf(strict));
        xml.append("    </properties>\n");
        for (CheckResult check : report.checks()) {
            xml.append("    <testcase name=\"").append(escape(check.name())).append("\" classname=\"tracecheck.")
                    .append(escape(check.name())).append("\" time=\"").append(seconds(check.duration().toMillis())).append("\">\n");
            if (check.status() == Status.SKIP) {
                xml.append("      <skipped message=\"").append(escape(check.summary())).append("\"/>\n");
            } else if (failed(check, strict)) {
                Problem first = check.problems().stream().filter(p -> p.severity() == Severity.FAIL).findFirst()
                        .orElse(check.problems().isEmpty() ? null : check.problems().get(0));
                xml.append("      <failure message=\"").append(escape(first == null ? check.summary()
                                : first.code().id() + ": " + first.message())).append("\" type=\"")
                        .append(escape(first == null ? "fail" : first.code().id())).append("\">")
                        .append(escape(problems(check))).append("</failure>\n");
            }
            xml.append("      <system-out>").append(escape(details(check))).append("</system-out>\n");
            xml.append("    </testcase>\n");
        }
        xml.append("  </testsuite>\n</testsuites>\n");
        out.write(xml.toString());
        out.flush();
    }

    private static boolean failed(CheckResult check, boolean strict) {
        return check.status() == Status.FAIL || strict && check.status() == Status.WARN;
    }

    private static String problems(CheckResult check) {
        StringBuilder text = new StringBuilder();
        for (Problem problem : check.problems()) {
            text.append(problem.severity().id()).append(' ').append(problem.code().id()).append(": ").append(problem.message())
                    .append("\nfix: ").append(problem.fix()).append('\n');
        }
        return text.toString();
    }

    private static String details(CheckResult check) {
        StringBuilder text = new StringBuilder(check.status().id()).append(": ").append(check.summary()).append('\n');
        for (Step step : check.steps()) {
            text.append(step.status().id()).append(' ').append(step.name()).append(": ").append(step.detail()).append('\n');
        }
        text.append(problems(check));
        Map<String, String> artifacts = new TreeMap<>(check.artifacts());
        artifacts.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        return text.toString();
    }

    private static void property(StringBuilder xml, String name, String value) {
        xml.append("      <property name=\"").append(escape(name)).append("\" value=\"").append(escape(value)).append("\"/>\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** XML text and attribute escaping; characters XML 1.0 forbids are dropped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
