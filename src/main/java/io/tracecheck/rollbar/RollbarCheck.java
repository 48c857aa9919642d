package io.tracecheck.rollbar;

import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.Resolution;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Secret;
import io.tracecheck.core.StepTimer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tracecheck rollbar}: send a probe error item through rollbar-java's synchronous sender,
 * report its uuid and link, and with a read token read it back.
 */
public final class RollbarCheck implements Check {
    public static final String NAME = "rollbar";

    private final Options options;
    private final String version;

    public RollbarCheck(Options options, String version) {
        this.options = options;
        this.version = version;
    }

    /** --verify, --verify-timeout, --environment, --read-token. */
    public record Options(ReadBack readBack, Optional<String> environment, Optional<Secret> readToken) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReadBack readBack() {
        return options.readBack();
    }

    @Override
    public CheckResult run(CheckContext context) {
        StepTimer steps = context.steps(NAME);
        Map<String, String> artifacts = new LinkedHashMap<>();
        Optional<Resolution<RollbarConfig>> resolved = Resolution.begin(NAME, context.settings(), steps,
                RollbarConfig::review, c -> c.accessToken().isPresent(), RollbarConfig::notConfigured);
        if (resolved.isEmpty()) {
            return steps.result(NAME, artifacts);
        }
        RollbarConfig config = resolved.get().config();
        String environment = options.environment().orElse(config.environment());
        steps.end("environment " + environment + ", endpoint " + config.endpoint() + ", token " + config.accessToken().get().masked());
        if (resolved.get().hasFailure()) {
            return steps.result(NAME, artifacts);
        }

        steps.begin("send");
        ProbeItem.Outcome sent = ProbeItem.send(config, environment, version, context);
        sent.problems().forEach(steps::problem);
        steps.end(sent.detail());
        if (sent.uuid().isEmpty()) {
            return steps.result(NAME, artifacts);
        }
        String uuid = sent.uuid().get();
        artifacts.put("uuid", uuid);
        artifacts.put("environment", environment);
        artifacts.put("link", "https://rollbar.com/item/uuid/?uuid=" + uuid);

        Optional<Secret> readToken = options.readToken().or(config::readToken);
        if (!options.readBack().enabled()) {
            steps.skip("verify", "not asked (--verify)");
        } else if (readToken.isEmpty()) {
            steps.skip("verify", "accepted but not read back: set ROLLBAR_READ_TOKEN (a token with the read scope) or --read-token");
        } else {
            ItemReadBack.verify(options.readBack(), context, config.endpoint(), readToken.get(), uuid, steps);
        }
        return steps.result(NAME, "probe item " + uuid + " accepted (environment " + environment + ")", artifacts);
    }
}
