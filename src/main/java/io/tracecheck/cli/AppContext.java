package io.tracecheck.cli;

import io.tracecheck.core.Redactor;

import java.time.Clock;
import java.util.Map;

/** What the whole invocation shares: the injected environment, the output redactor, the terminal, the clock. */
public record AppContext(Map<String, String> env, Redactor redactor, boolean tty, Clock clock) {
    public AppContext {
        env = Map.copyOf(env);
    }
}
