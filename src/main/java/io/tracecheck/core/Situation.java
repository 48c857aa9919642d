package io.tracecheck.core;

import java.util.List;
import java.util.Optional;

/**
 * What the place tracecheck runs in changes about a check's result, applied once the check is done:
 * a host that did not resolve because it is a compose service's name gets that diagnosis
 * (net.compose-host), and a problem that took its code's usual fix gets it in the form the place
 * calls for (a Gitpod workspace's gp env, a compose file's edit), as {@link Fixes} gives it; a rate limit's
 * fix runs again the check that was throttled.
 */
public final class Situation {
    private Situation() {
    }

    public static CheckResult explain(CheckResult result, Settings settings) {
        Fixes fixes = new Fixes(settings);
        List<Problem> problems = result.problems().stream().map(problem -> {
            // only a host that did not resolve makes tracecheck read the compose file
            Optional<Problem> composed = ComposeHosts.diagnose(settings, problem, result.name());
            if (composed.isPresent()) {
                return composed.get();
            }
            if (problem.code() == ProblemCode.HTTP_RATE_LIMITED && problem.fix().contains("&& " + NetworkFailures.RERUN)) {
                // the check that was throttled, by its own command: a whole doctor would ask every backend again
                return new Problem(problem.code(), problem.severity(), problem.message(), problem.fix()
                        .replace("&& " + NetworkFailures.RERUN, "&& tracecheck " + result.name()), problem.headline());
            }
            String usual = problem.code().fix();
            return problem.fix().equals(usual) && !usual.equals(problem.code().fix(fixes))
                    ? new Problem(problem.code(), problem.severity(), problem.message(), problem.code().fix(fixes),
                    problem.headline()) : problem;
        }).toList();
        if (problems.equals(result.problems())) {
            return result;
        }
        // a step's detail and the check's summary were headed by the problem this replaced: head them anew
        String summary = result.summary();
        List<Step> steps = result.steps();
        for (int i = 0; i < problems.size(); i++) {
            String before = result.problems().get(i).headline();
            String after = problems.get(i).headline();
            if (!before.equals(after)) {
                summary = summary.replace(before, after);
                steps = steps.stream().map(step -> new Step(step.name(), step.status(), step.duration(),
                        step.detail().replace(before, after))).toList();
            }
        }
        return new CheckResult(result.name(), result.status(), result.duration(), summary, steps, problems,
                result.artifacts(), result.variables());
    }
}
