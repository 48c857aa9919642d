package io.tracecheck.listen;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The address to print for an app to reach listen. Bound to one address, that address. Bound to
 * every interface (0.0.0.0, ::), this machine's non-loopback address, the one its default route
 * leaves by: the host and containers on it (Docker's bridge routes to it) and other machines reach
 * it alike, with no Docker-specific name; host.docker.internal, for instance, resolves on Docker
 * Desktop but not on a Linux engine without extra_hosts. {@code --advertise} prints another.
 */
public record Reachable(String host, String note) {
    /** An address of the documentation range: routing towards it picks the default route's source address, and no packet is sent. */
    private static final InetSocketAddress OUTSIDE = new InetSocketAddress("198.51.100.1", 9);

    /** {@code bindHost} as the lines print it, {@code advertise} (may be null) first. */
    public static Reachable of(String bindHost, String advertise) {
        if (advertise != null && !advertise.isBlank()) {
            return new Reachable(advertise.strip(), "the address given with --advertise");
        }
        if (!wildcard(bindHost)) {
            return new Reachable(bindHost, "");
        }
        return outward().map(address -> new Reachable(address, "this machine's non-loopback address, which the host, "
                        + "its containers and other machines reach; --advertise HOST prints another (host.docker.internal "
                        + "on Docker Desktop)"))
                .orElse(new Reachable("127.0.0.1", "this machine has no non-loopback address; containers need "
                        + "--advertise HOST (host.docker.internal on Docker Desktop)"));
    }

    /**
     * True when {@code host} binds beyond this machine: every interface, or an address other than a
     * loopback one. A name that does not resolve counts as beyond.
     */
    public static boolean beyondLoopback(String host) {
        if (wildcard(host)) {
            return true;
        }
        String bare = host.strip().replace("[", "").replace("]", "");
        if (bare.equalsIgnoreCase("localhost")) {
            return false;
        }
        try {
            return !InetAddress.getByName(bare).isLoopbackAddress();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** True for the addresses that mean "every interface", which no client can connect to. */
    public static boolean wildcard(String host) {
        String bare = host.strip().replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
        return bare.equals("0.0.0.0") || bare.equals("::") || bare.matches("(0{1,4}:){7}0{1,4}") || bare.equals("*");
    }

    private static Optional<String> outward() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(OUTSIDE);
            InetAddress local = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
            if (!local.isLoopbackAddress() && !local.isAnyLocalAddress()) {
                return Optional.of(local.getHostAddress());
            }
        } catch (IOException | RuntimeException noRoute) {
            // no default route: look at the interfaces instead
        }
        return anyInterface();
    }

    private static Optional<String> anyInterface() {
        try {
            List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            return interfaces.stream().filter(Reachable::usable)
                    .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress).min(Comparator.naturalOrder());
        } catch (SocketException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean usable(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
