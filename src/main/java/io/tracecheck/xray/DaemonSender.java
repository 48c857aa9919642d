package io.tracecheck.xray;

import io.tracecheck.aws.DaemonAddress;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.Settings;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * One datagram to the X-Ray daemon, on a connected socket: when nothing listens on a local port,
 * the kernel's ICMP port-unreachable comes back as an exception on that socket.
 */
final class DaemonSender {
    /** How long to listen for the port's "unreachable" after sending: the kernel answers at once on this machine. */
    static final Duration LISTEN = Duration.ofMillis(150);

    private DaemonSender() {
    }

    /** Whether this shell resolves the daemon's host (an IP literal always does). */
    static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException unresolved) {
            return false;
        }
    }

    /**
     * How to get a daemon listening on {@code udp}: the compose project's service that publishes that
     * port, else the daemon's image run locally with this shell's AWS configuration (-o: local mode, no
     * instance metadata); a daemon on another host is started there, or one here replaces it.
     */
    static String startFix(DaemonAddress.Endpoint udp, Settings settings) {
        Optional<String> composed = settings.compose().flatMap(project -> project.services().stream()
                .filter(service -> service.ports().stream().anyMatch(port -> port.protocol().equals("udp")
                        && port.hostPort(port.targetStart()).orElse(-1) == udp.port()))
                .findFirst().map(service -> "docker compose -f " + Fixes.quote(project.file()) + " up -d " + service.name()
                        + "  # the project's service that publishes UDP " + udp.port()));
        if (composed.isPresent()) {
            return composed.get();
        }
        boolean local = udp.host().equals("127.0.0.1") || udp.host().equalsIgnoreCase("localhost") || udp.host().equals("::1");
        String run = "docker run -d --name xray-daemon -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY "
                + "-e AWS_SESSION_TOKEN -v \"$HOME/.aws:/root/.aws:ro\" -p 127.0.0.1:" + (local ? udp.port() : 2000)
                + ":2000/udp amazon/aws-xray-daemon -o";
        return local ? run : "start the daemon on " + udp.host() + ", or run one here: " + run + " && "
                + new Fixes(settings).set("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
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
