package io.tracecheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A port that speaks one transport only, as a collector's receivers do: {@link #http1()} answers any
 * request, the HTTP/2 preface included, with an HTTP/1.1 400 (an OTLP/HTTP port, 4318);
 * {@link #h2c()} sends its HTTP/2 SETTINGS frame as soon as a connection opens, whatever arrives
 * (a gRPC port, 4317). listen's own ports explain a wrong transport in the other's terms, so tests of
 * what a real collector's port answers use these.
 */
public final class OneTransportPort implements AutoCloseable {
    private static final byte[] HTTP1_REFUSAL = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 11\r\nConnection: close\r\n\r\nBad Request").getBytes(StandardCharsets.ISO_8859_1);
    /** An empty SETTINGS frame on stream 0: length 0, type 4, no flags. */
    private static final byte[] SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    private final ServerSocket server;
    private final boolean h2c;

    private OneTransportPort(boolean h2c) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.h2c = h2c;
        Thread accepting = new Thread(this::serve, "one-transport-port");
        accepting.setDaemon(true);
        accepting.start();
    }

    public static OneTransportPort http1() throws IOException {
        return new OneTransportPort(false);
    }

    public static OneTransportPort h2c() throws IOException {
        return new OneTransportPort(true);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** http://127.0.0.1:port */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread answering = new Thread(() -> answer(socket), "one-transport-answer");
                answering.setDaemon(true);
                answering.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket connection) {
        try (Socket socket = connection) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (h2c) {
                out.write(SETTINGS);
                out.flush();
            }
            in.read(new byte[4096]); // the request's start is enough to answer it
            if (!h2c) {
                out.write(HTTP1_REFUSAL);
            }
            out.flush();
            socket.shutdownOutput();
            in.readNBytes(1 << 16); // until the client closes: closing with its bytes unread would reset ours
        } catch (IOException dropped) {
            // the client went away first
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
