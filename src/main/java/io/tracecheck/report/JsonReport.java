package io.tracecheck.report;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Problem;
import io.tracecheck.core.RunReport;
import io.tracecheck.core.Step;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The stable JSON report, documented in docs/json-report.md. */
public final class JsonReport {
    private JsonReport() {
    }

    public static void render(RunReport report, PrintWriter out) {
        out.println(write(toMap(report)));
        out.flush();
    }

    public static String write(Object tree) {
        try {
            return JSON.std.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> toMap(RunReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "tracecheck");
        root.put("version", report.version());
        root.put("run_id", report.runId());
        root.put("status", report.status().id());
        root.put("duration_ms", report.duration().toMillis());
        root.put("checks", report.checks().stream().map(JsonReport::check).toList());
        return root;
    }

    private static Map<String, Object> check(CheckResult check) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", check.name());
        node.put("status", check.status().id());
        node.put("duration_ms", check.duration().toMillis());
        node.put("summary", check.summary());
        node.put("steps", check.steps().stream().map(JsonReport::step).toList());
        node.put("problems", check.problems().stream().map(JsonReport::problem).toList());
        node.put("artifacts", new TreeMap<>(check.artifacts()));
        if (!check.variables().isEmpty()) {
            node.put("variables", variables(check.variables()));
        }
        return node;
    }

    private static Map<String, Object> step(Step step) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", step.name());
        node.put("status", step.status().id());
        node.put("duration_ms", step.duration().toMillis());
        node.put("detail", step.detail() == null ? "" : step.detail());
        return node;
    }

    public static Map<String, Object> problem(Problem problem) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("code", problem.code().id());
        node.put("severity", problem.severity().id());
        node.put("message", problem.message());
        node.put("fix", problem.fix());
        return node;
    }

    private static List<Map<String, Object>> variables(List<CheckResult.VariableReport> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", row.name());
            node.put("value", row.value());
            node.put("source", row.source().id());
            node.put("verdict", row.verdict());
            return node;
        }).toList();
    }
}
