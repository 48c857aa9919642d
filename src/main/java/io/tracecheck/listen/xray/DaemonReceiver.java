package io.tracecheck.listen.xray;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.MemoryBudget;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredSegment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The X-Ray daemon's UDP protocol: each datagram is the header {@code {"format": "json", "version": 1}},
 * a newline, and one segment (or independent subsegment) document. A malformed datagram is counted
 * and shown with its reason; nothing a sender does stops the receiver.
 */
public final class DaemonReceiver implements AutoCloseable {
    /** The largest UDP payload; the daemon's own limit is the same. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final Store store;
    private final Clock clock;
    private final Thread thread;
    private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DaemonReceiver(String host, int port, Store store, Clock clock) throws IOException {
        this.channel = DatagramChannel.open();
        try {
            // bursts from a busy app: a larger buffer (as far as the kernel allows) drops fewer datagrams
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.store = store;
        this.clock = clock;
        this.thread = new Thread(this::receive, "tracecheck-xray-udp");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                // the datagram, its text and its parsed document, all within the in-flight budget
                long held = 8L * buffer.remaining();
                try (MemoryBudget.Account account = store.budget().open(null)) {
                    if (!account.tryReserve(held)) {
                        store.record(new Arrival(Arrival.Kind.REJECTED, Source.XRAY_UDP, clock.instant(), "", "", "",
                                List.of(), 0, buffer.remaining(), false,
                                "dropped: listen is at its memory budget for data in flight", "", null));
                        continue;
                    }
                    byte[] datagram = new byte[buffer.remaining()];
                    buffer.get(datagram);
                    accept(datagram);
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (Throwable e) {
                if (!channel.isOpen()) {
                    return;
                }
                // one bad datagram, a transient socket error, even running out of memory on one datagram:
                // none of them may end the receiver
                failed(e);
            }
        }
    }

    private void failed(Throwable e) {
        try {
            store.record(Arrival.malformed(Source.XRAY_UDP, clock.instant(), 0, "receiver error: " + e.getClass().getSimpleName()));
            if (reported.add(e.getClass().getName())) {
                store.problem("listen: the X-Ray daemon's UDP receiver failed on one datagram (" + e.getClass().getSimpleName()
                        + "); it keeps receiving");
            }
        } catch (Throwable ignored) {
            // reporting failed too; receiving goes on
        }
    }

    void accept(byte[] datagram) {
        Instant now = clock.instant();
        String text = new String(datagram, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (newline < 0) {
            malformed(now, datagram.length, "no header line: a datagram starts with {\"format\": \"json\", \"version\": 1} and a newline");
            return;
        }
        String headerError = header(text.substring(0, newline));
        if (headerError != null) {
            malformed(now, datagram.length, headerError);
            return;
        }
        String json = text.substring(newline + 1).strip();
        Map<String, Object> document;
        try {
            document = SegmentDocument.parse(json);
        } catch (IllegalArgumentException e) {
            malformed(now, datagram.length, e.getMessage());
            return;
        }
        StoredSegment segment = new StoredSegment(now, Source.XRAY_UDP, (String) document.get("trace_id"),
                (String) document.get("id"), (String) document.get("name"),
                document.get("parent_id") instanceof String parent ? parent : "", json, document);
        store.accept(List.of(segment), List.of(arrival(segment, datagram.length)));
    }

    @SuppressWarnings("unchecked")
    public static Arrival arrival(StoredSegment segment, long bytes) {
        List<Arrival.Item> items = new ArrayList<>();
        items.add(new Arrival.Item(segment.id(), segment.parentId(), segment.name()));
        if (segment.fields().get("subsegments") instanceof List<?> children) {
            for (Object child : children) {
                Map<String, Object> sub = (Map<String, Object>) child;
                items.add(new Arrival.Item(String.valueOf(sub.get("id")), segment.id(), String.valueOf(sub.get("name"))));
            }
        }
        return Arrival.data(Arrival.Kind.SEGMENT, segment.source(), segment.receivedAt(), segment.name(), segment.name(),
                segment.traceId(), items, items.size(), bytes, segment.probe(), List.of(segment));
    }

    private static String header(String line) {
        Map<String, Object> header;
        try {
            header = JSON.std.mapFrom(line);
        } catch (IOException | RuntimeException e) {
            return "the header line is not JSON: expected {\"format\": \"json\", \"version\": 1}";
        }
        if (header == null || !"json".equals(header.get("format"))) {
            return "the header does not say \"format\": \"json\"";
        }
        if (!(header.get("version") instanceof Number version) || version.intValue() != 1) {
            return "the header's version is " + (header == null ? null : header.get("version")) + "; the daemon speaks version 1";
        }
        return null;
    }

    private void malformed(Instant now, long bytes, String reason) {
        store.record(Arrival.malformed(Source.XRAY_UDP, now, bytes, reason));
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
