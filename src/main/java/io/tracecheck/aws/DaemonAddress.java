package io.tracecheck.aws;

import java.util.Optional;

/**
 * {@code AWS_XRAY_DAEMON_ADDRESS}: either {@code host:port} (UDP and TCP alike) or
 * {@code tcp:host:port udp:host:port} in any order, as the X-Ray SDKs read it.
 */
public record DaemonAddress(Endpoint udp, Endpoint tcp) {

    public static final DaemonAddress DEFAULT = new DaemonAddress(new Endpoint("127.0.0.1", 2000),
            new Endpoint("127.0.0.1", 2000));

    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The parsed address, or the reason it does not parse. */
    public static Parsed parse(String text) {
        String value = text.strip();
        String[] parts = value.split("\\s+");
        if (parts.length == 1 && !value.startsWith("tcp:") && !value.startsWith("udp:")) {
            return endpoint(value).map(e -> new Parsed(Optional.of(new DaemonAddress(e, e)), Optional.empty()))
                    .orElseGet(() -> Parsed.error("'" + value + "' is not host:port (e.g. 127.0.0.1:2000)"));
        }
        if (parts.length != 2) {
            return Parsed.error("'" + value + "' must be host:port, or 'tcp:host:port udp:host:port'");
        }
        Endpoint udp = null;
        Endpoint tcp = null;
        for (String part : parts) {
            if (part.startsWith("udp:") && udp == null) {
                udp = endpoint(part.substring(4)).orElse(null);
                if (udp == null) {
                    return Parsed.error("'" + part + "' is not udp:host:port");
                }
            } else if (part.startsWith("tcp:") && tcp == null) {
                tcp = endpoint(part.substring(4)).orElse(null);
                if (tcp == null) {
                    return Parsed.error("'" + part + "' is not tcp:host:port");
                }
            } else {
                return Parsed.error("'" + value + "' must name one tcp: and one udp: address, e.g. "
                        + "'tcp:127.0.0.1:2000 udp:127.0.0.1:2000'");
            }
        }
        return new Parsed(Optional.of(new DaemonAddress(udp, tcp)), Optional.empty());
    }

    private static Optional<Endpoint> endpoint(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+") || !port.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(host, number));
    }

    public record Parsed(Optional<DaemonAddress> address, Optional<String> error) {
        static Parsed error(String message) {
            return new Parsed(Optional.empty(), Optional.of(message));
        }
    }
}
