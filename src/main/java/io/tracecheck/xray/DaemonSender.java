package io.tracecheck.xray;

import io.tracecheck.aws.DaemonAddress;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One datagram to the X-Ray daemon, on a connected socket: when nothing listens on a local port,
 * the kernel's ICMP port-unreachable comes back as an exception on that socket.
 */
final class DaemonSender {
    /** How long to listen for the port's "unreachable" after sending: the kernel answers at once on this machine. */
    static final Duration LISTEN = Duration.ofMillis(150);

    private DaemonSender() {
    }

    /**
     * True when sent with no sign of trouble; false when the port answered that nothing listens.
     * {@code listenMillis} (at most {@link #LISTEN}, within the check's deadline) is how long to wait for that answer.
     */
    static boolean send(DaemonAddress.Endpoint daemon, byte[] datagram, int listenMillis) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(daemon.host(), daemon.port()));
            socket.send(new DatagramPacket(datagram, datagram.length));
            socket.setSoTimeout(listenMillis);
            try {
                socket.receive(new DatagramPacket(new byte[1], 1));
            } catch (PortUnreachableException nothingListens) {
                return false;
            } catch (SocketTimeoutException silence) {
                // what UDP gives when the datagram was taken, or lost: no news
            }
            return true;
        } catch (PortUnreachableException nothingListens) {
            return false;
        }
    }
}
