package io.tracecheck.aws;

import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Problem;
import io.tracecheck.core.Resolution;
import io.tracecheck.core.Severity;
import io.tracecheck.core.StepTimer;
import software.amazon.awssdk.core.SdkClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The run every AWS check shares: resolve (the static review, then the check's own plan), region
 * and credentials, identity (the account and ARN become artifacts), a client of the check's
 * service, the check's probe, and closing what was opened. A check supplies its plan and its probe.
 *
 * @param <P> what the check resolved for itself (its names, its route)
 * @param <C> the SDK client of its service
 */
public abstract class AwsCheck<P, C extends SdkClient> implements Check {
    private final String name;
    private final Supplier<AwsService<?, C>> service;

    /** A run that stops early is summed up by its first failure ({@link StepTimer#result(String, Map)}). */
    protected AwsCheck(String name, Supplier<AwsService<?, C>> service) {
        this.name = name;
        this.service = service;
    }

    /**
     * What the probe works with: the run's steps and artifacts, and the session's region, identity and
     * client; the session itself for a client of another service or a request the SDK does not make.
     */
    protected record Run<C extends SdkClient>(CheckContext context, StepTimer steps, Map<String, String> artifacts,
                                              Optional<String> region, Optional<AwsSession.Identity> identity,
                                              Optional<AwsClient<C>> api, Optional<AwsSession> session) {
    }

    /** The check's own part of the resolve step, from the reviewed configuration. */
    protected abstract P plan(AwsConfig config, CheckContext context);

    /** Problems of the plan itself, found before any request: a name from a flag that the service would refuse. */
    protected List<Problem> review(P plan) {
        return List.of();
    }

    /** How the resolve step ends: what the plan is. */
    protected abstract String describe(P plan);

    /** Whether the probe needs the API (and so stops when there is no identity: no region, no credentials, or STS said no). */
    protected abstract boolean needsApi(P plan);

    /**
     * The check's own steps; returns the summary of a run without failure (a failed run's is its first
     * failure's). {@code run.api()} is present whenever the identity is.
     */
    protected abstract String probe(P plan, Run<C> run);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final CheckResult run(CheckContext context) {
        StepTimer steps = context.steps(name);
        Map<String, String> artifacts = new LinkedHashMap<>();
        Optional<Resolution<AwsConfig>> resolved = Resolution.begin("aws", context.settings(), steps,
                AwsConfig::review, AwsConfig::notConfigured);
        if (resolved.isEmpty()) {
            return steps.result(name, artifacts);
        }
        P plan = plan(resolved.get().config(), context);
        List<Problem> planProblems = review(plan);
        steps.problems(planProblems);
        steps.end(describe(plan));
        if (resolved.get().hasFailure() || planProblems.stream().anyMatch(p -> p.severity() == Severity.FAIL)) {
            return steps.result(name, artifacts);
        }
        Optional<AwsSession> session = AwsSession.open(resolved.get().config(), resolved.get().review(), context, steps);
        try {
            Optional<AwsSession.Identity> identity = session.flatMap(s -> s.identity(steps));
            identity.ifPresent(i -> {
                artifacts.put("account", i.account());
                artifacts.put("arn", i.arn());
            });
            if (identity.isEmpty() && needsApi(plan)) {
                return steps.result(name, artifacts);
            }
            try (AwsClient<C> api = identity.isPresent() ? session.get().client(service.get()) : null) {
                String summary = probe(plan, new Run<>(context, steps, artifacts, session.map(AwsSession::region), identity,
                        Optional.ofNullable(api), session));
                return steps.result(name, summary, artifacts);
            }
        } finally {
            session.ifPresent(AwsSession::close);
        }
    }
}
