package io.tracecheck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback port where something listens but never answers: every connection is accepted and closed at
 * once, as a TLS-only port closes a plain request, a proxy drops a call, or a server that is not the service
 * hangs up. Counts the connections it took, so a test can tell it was reached.
 */
public final class ClosingPort implements AutoCloseable {
    private final ServerSocket server;
    private volatile int accepted;

    public ClosingPort() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::serve, "closing-port");
        accepting.setDaemon(true);
        accepting.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return accepted;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted++;
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
