package io.tracecheck.xray;

import io.tracecheck.aws.DaemonAddress;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;

/**
 * One datagram to the X-Ray daemon, on a connected socket: when nothing listens on a local port,
 * the kernel's ICMP port-unreachable comes back as an exception on that socket.
 */
final class DaemonSender {
    private DaemonSender() {
    }

    /** True when sent with no sign of trouble; false when the port answered that nothing listens. */
    static boolean send(DaemonAddress.Endpoint daemon, byte[] datagram) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(daemon.host(), daemon.port()));
            socket.send(new DatagramPacket(datagram, datagram.length));
            socket.setSoTimeout(150);
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
