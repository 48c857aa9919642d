package io.tracecheck.listen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A port for listen's X-Ray daemon, which takes the same number on UDP and TCP: free for both, as
 * far as binding both at once shows (a busy machine's other tests hold TCP ports a UDP probe misses).
 */
public final class DaemonPorts {
    private DaemonPorts() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
                return udp.getLocalPort();
            } catch (IOException takenOnTcp) {
                // another number
            }
        }
        throw new UncheckedIOException(new IOException("no port free on both UDP and TCP after 50 tries"));
    }
}
