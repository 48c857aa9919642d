package io.tracecheck.cli;

import io.tracecheck.core.ProblemCode;
import io.tracecheck.report.JsonReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "explain", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Print the cause, the fix and the docs for a problem code; --list lists them all.")
final class ExplainCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CODE", completionCandidates = Candidates.Codes.class, description = "A problem code, e.g. honeycomb.key-wrong-region.")
    String code;

    @Option(names = "--list", description = "List every problem code.")
    boolean list;

    @Override
    public Integer call() {
        Invocation run = Invocation.start(root.context(), root.global, spec, Map.of());
        PrintWriter out = run.out();
        if (list || code == null) {
            if (!list) {
                throw new CliException(ExitCodes.USAGE, "explain needs a CODE, or --list");
            }
            List<ProblemCode> codes = Arrays.asList(ProblemCode.values());
            if (run.json()) {
                out.println(JsonReport.write(codes.stream().map(ExplainCommand::tree).toList()));
            } else {
                int width = codes.stream().mapToInt(c -> c.id().length()).max().orElse(10);
                codes.forEach(c -> out.println(String.format("%-" + width + "s  %-4s  %s", c.id(), c.severity().id(),
                        firstSentence(c.cause()))));
            }
            out.flush();
            return ExitCodes.OK;
        }
        ProblemCode found = ProblemCode.byId(code).orElseThrow(() -> unknown(code));
        if (run.json()) {
            out.println(JsonReport.write(tree(found)));
        } else {
            out.println(found.id() + " (" + found.severity().id() + ")");
            out.println("cause: " + found.cause());
            out.println("fix:   " + found.fix());
            out.println("docs:  " + found.docs());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static CliException unknown(String code) {
        List<ProblemCode> nearest = ProblemCode.nearest(code, 3);
        return new CliException(ExitCodes.USAGE, "unknown problem code '" + code + "'"
                + (nearest.isEmpty() ? "" : "; did you mean " + String.join(", ", nearest.stream().map(ProblemCode::id).toList()) + "?")
                + " (tracecheck explain --list shows them all)");
    }

    private static Map<String, Object> tree(ProblemCode code) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("code", code.id());
        node.put("severity", code.severity().id());
        node.put("cause", code.cause());
        node.put("fix", code.fix());
        node.put("docs", code.docs());
        return node;
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }
}
