package io.tracecheck.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/** One gRPC-style call over prior-knowledge h2c on a fresh socket, for tests that send frames of their own making. */
public final class RawH2c {
    private RawH2c() {
    }

    public static HttpAnswer post(String host, int port, String path, Map<String, String> headers, byte[] message,
                                  int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            // buffered, as tracecheck's own client writes: the preface and the settings leave in one segment
            return Http2Call.unary(socket.getInputStream(), new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024), "http", host + ":" + port, path,
                    headers, message, 1 << 20);
        }
    }
}
