package io.tracecheck.listen;

import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;

import java.time.Duration;
import java.util.List;

/**
 * Where and how the local backends listen. Port 0 picks a free port (tests, {@code doctor --local}).
 * The body limit bounds one request (after decompression); the store keeps at most {@code maxItems}.
 */
public record ListenOptions(String host, int httpPort, int grpcPort, int udpPort, int maxItems, long bodyLimit,
                            Duration idleTimeout, List<AcceptedKey> honeycombKeys, boolean requireHoneycombAuth,
                            List<AcceptedToken> rollbarTokens) {
    public static final int DEFAULT_HTTP_PORT = 4318;
    public static final int DEFAULT_GRPC_PORT = 4317;
    public static final int DEFAULT_UDP_PORT = 2000;
    public static final int DEFAULT_MAX_ITEMS = 10_000;
    public static final long DEFAULT_BODY_LIMIT = 20L * 1024 * 1024;
    public static final int MAX_ITEMS = 1_000_000;
    public static final long MAX_BODY_LIMIT = 1L << 30;
    /**
     * A connection silent this long is closed, and a body must arrive within it: a slowloris client
     * holds a slot no longer than this (one that never sends its headers, 10 s).
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

    public ListenOptions {
        if (maxItems < 1) {
            throw new IllegalArgumentException("--max-items must be at least 1");
        }
        if (maxItems > MAX_ITEMS) {
            // the store is an array of this many slots, taken at start
            throw new IllegalArgumentException("--max-items " + maxItems + " is too many: at most " + MAX_ITEMS);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            idleTimeout = DEFAULT_IDLE_TIMEOUT;
        }
        rollbarTokens = rollbarTokens == null || rollbarTokens.isEmpty() ? AcceptedToken.defaults() : List.copyOf(rollbarTokens);
        honeycombKeys = honeycombKeys == null || honeycombKeys.isEmpty() ? AcceptedKey.defaults() : List.copyOf(honeycombKeys);
        if (bodyLimit < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1 KiB");
        }
        if (bodyLimit > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("the body limit must be at most 1 GiB: a body is held in memory whole");
        }
    }

    public static ListenOptions defaults() {
        return new ListenOptions("127.0.0.1", DEFAULT_HTTP_PORT, DEFAULT_GRPC_PORT, DEFAULT_UDP_PORT, DEFAULT_MAX_ITEMS,
                DEFAULT_BODY_LIMIT, DEFAULT_IDLE_TIMEOUT, null, false, null);
    }

    /** Everything on free loopback ports: what tests and {@code doctor --local} use. */
    public static ListenOptions ephemeral() {
        return new ListenOptions("127.0.0.1", 0, 0, 0, DEFAULT_MAX_ITEMS, DEFAULT_BODY_LIMIT, DEFAULT_IDLE_TIMEOUT, null, false, null);
    }

    public ListenOptions withMaxItems(int items) {
        return new ListenOptions(host, httpPort, grpcPort, udpPort, items, bodyLimit, idleTimeout, honeycombKeys, requireHoneycombAuth, rollbarTokens);
    }

    public ListenOptions withBodyLimit(long limit) {
        return new ListenOptions(host, httpPort, grpcPort, udpPort, maxItems, limit, idleTimeout, honeycombKeys, requireHoneycombAuth, rollbarTokens);
    }

    public ListenOptions withHoneycombKeys(List<AcceptedKey> keys, boolean requireAuth) {
        return new ListenOptions(host, httpPort, grpcPort, udpPort, maxItems, bodyLimit, idleTimeout, keys, requireAuth, rollbarTokens);
    }

    public ListenOptions withIdleTimeout(Duration timeout) {
        return new ListenOptions(host, httpPort, grpcPort, udpPort, maxItems, bodyLimit, timeout, honeycombKeys, requireHoneycombAuth, rollbarTokens);
    }
}
