package io.tracecheck;

import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;

/**
 * Fresh local backends on ephemeral ports for every test, closed after it even when it failed, so that
 * the many tests talking to {@code listen} share one lifecycle instead of each repeating it.
 * Register on an instance field with {@code @RegisterExtension}: JUnit runs {@link #beforeEach} before
 * the class's own {@code @BeforeEach} methods (which may therefore use {@link #backends()}) and
 * {@link #afterEach} after its {@code @AfterEach} methods.
 */
public final class LocalBackendsExtension implements BeforeEachCallback, AfterEachCallback {
    /** How a test wants its backends started (options, clock, store); may throw as {@code LocalBackends.start} does. */
    @FunctionalInterface
    public interface Starter {
        LocalBackends start() throws Exception;
    }

    private final Starter starter;
    private LocalBackends backends;

    /** Ephemeral ports and the system clock in UTC, the setup most tests want. */
    public LocalBackendsExtension() {
        this(() -> LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC()));
    }

    public LocalBackendsExtension(Starter starter) {
        this.starter = starter;
    }

    /** The backends of the running test; only valid between beforeEach and afterEach. */
    public LocalBackends backends() {
        if (backends == null) {
            throw new IllegalStateException("local backends are not running: use them from a test or a @BeforeEach method,"
                    + " and register this extension with @RegisterExtension");
        }
        return backends;
    }

    /**
     * Closes the running backends and starts others in their place, for a test that needs other keys, limits,
     * clock or store halfway through; they are closed after the test like the first.
     */
    public LocalBackends restart(Starter other) throws Exception {
        LocalBackends running = backends();
        backends = null;
        running.close();
        backends = other.start();
        return backends;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        backends = starter.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // JUnit calls this even when beforeEach threw, so there may be nothing to close.
        if (backends != null) {
            try {
                backends.close();
            } finally {
                backends = null;
            }
        }
    }
}
