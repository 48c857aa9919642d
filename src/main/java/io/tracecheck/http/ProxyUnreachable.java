package io.tracecheck.http;

import java.io.IOException;

/**
 * The proxy itself could not be reached (its name does not resolve, nothing listens on its port,
 * it does not answer in time): the call never left for the service, so the failure is the proxy's.
 * The cause is the I/O failure of connecting to it.
 */
public final class ProxyUnreachable extends IOException {
    private final transient Proxies.Proxy proxy;

    ProxyUnreachable(Proxies.Proxy proxy, IOException cause) {
        super("the proxy " + proxy + " could not be reached: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.proxy = proxy;
    }

    public Proxies.Proxy proxy() {
        return proxy;
    }

    /** The failure of connecting to the proxy. */
    public IOException failure() {
        return (IOException) getCause();
    }
}
