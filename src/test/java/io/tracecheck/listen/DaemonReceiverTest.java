package io.tracecheck.listen;

import io.tracecheck.LocalBackendsExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonReceiverTest {
    private static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
    private static final String SEGMENT = "{\"name\":\"flask-backend\",\"id\":\"70de5b6f19ff9a0a\","
            + "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1478293361.271,\"end_time\":1478293361.449,"
            + "\"annotations\":{\"tracecheck_probe\":true,\"tracecheck_run_id\":\"abc\"},"
            + "\"subsegments\":[{\"name\":\"SELECT\",\"id\":\"70de5b6f19ff9a0b\",\"start_time\":1478293361.3,\"end_time\":1478293361.4}]}";

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordArrivals() {
        listen.backends().store().onArrival(arrivals::add);
    }

    private void send(String datagram) throws Exception {
        send(datagram.getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] datagram) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), listen.backends().udpPort()));
        }
    }

    private void awaitArrivals(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (arrivals.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(count);
    }

    @Test
    void aSegmentIsStoredAsSent() throws Exception {
        send(HEADER + SEGMENT);
        awaitArrivals(1);
        StoredSegment segment = listen.backends().store().segmentsOfTrace("1-581cf771-a006649127e371903a2de979").get(0);
        assertThat(segment.id()).isEqualTo("70de5b6f19ff9a0a");
        assertThat(segment.name()).isEqualTo("flask-backend");
        assertThat(segment.probe()).isTrue();
        assertThat(segment.document()).isEqualTo(SEGMENT);
        Arrival arrival = arrivals.get(0);
        assertThat(arrival.kind()).isEqualTo(Arrival.Kind.SEGMENT);
        assertThat(arrival.items()).extracting(Arrival.Item::name).containsExactly("flask-backend", "SELECT");
        assertThat(arrival.probe()).isTrue();
    }

    @Test
    void compactHeaderAndInProgressSegmentsAreAccepted() throws Exception {
        send("{\"format\":\"json\",\"version\":1}\n{\"name\":\"web\",\"id\":\"0123456789abcdef\","
                + "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1.5,\"in_progress\":true}");
        awaitArrivals(1);
        assertThat(listen.backends().store().segments()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no header | {\"name\":\"web\"} | no header line",
            "wrong version | {\"format\": \"json\", \"version\": 2}\\n{} | version is 2",
            "not json | {\"format\": \"json\", \"version\": 1}\\n{name: web | not valid JSON",
            "missing name | {\"format\": \"json\", \"version\": 1}\\n{\"id\":\"0123456789abcdef\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1,\"end_time\":2} | has no name",
            "short id | {\"format\": \"json\", \"version\": 1}\\n{\"name\":\"w\",\"id\":\"0123\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1,\"end_time\":2} | no id of 16 hex",
            "otel trace id | {\"format\": \"json\", \"version\": 1}\\n{\"name\":\"w\",\"id\":\"0123456789abcdef\",\"trace_id\":\"5b8efff798038103d269b633813fc60c\",\"start_time\":1,\"end_time\":2} | 1-8hex-24hex",
            "no end | {\"format\": \"json\", \"version\": 1}\\n{\"name\":\"w\",\"id\":\"0123456789abcdef\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1} | neither end_time nor in_progress",
            "bad subsegment | {\"format\": \"json\", \"version\": 1}\\n{\"name\":\"w\",\"id\":\"0123456789abcdef\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1,\"end_time\":2,\"subsegments\":[{\"name\":\"s\"}]} | subsegment 's' has no id",
            "orphan subsegment | {\"format\": \"json\", \"version\": 1}\\n{\"type\":\"subsegment\",\"name\":\"w\",\"id\":\"0123456789abcdef\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1,\"end_time\":2} | needs parent_id"})
    void malformedDatagramsAreCountedWithTheReason(String name, String datagram, String reason) throws Exception {
        send(datagram.replace("\\n", "\n"));
        awaitArrivals(1);
        assertThat(arrivals.get(0).kind()).isEqualTo(Arrival.Kind.MALFORMED);
        assertThat(arrivals.get(0).reason()).contains(reason);
        assertThat(listen.backends().store().counts().malformed()).isEqualTo(1);
        assertThat(listen.backends().store().segments()).isEmpty();
    }

    @Test
    void garbageNeverStopsTheReceiver() throws Exception {
        byte[] noise = new byte[1500];
        new java.util.Random(7).nextBytes(noise);
        for (int i = 0; i < 200; i++) {
            send(noise);
        }
        send(new byte[0]);
        // UDP may drop what overflows the socket buffer, so the valid ones go after the noise is read
        long settle = System.nanoTime() + 5_000_000_000L;
        long seen = -1;
        while (seen != listen.backends().store().counts().malformed() && System.nanoTime() < settle) {
            seen = listen.backends().store().counts().malformed();
            Thread.sleep(100);
        }
        StringBuilder large = new StringBuilder();
        while (large.length() < 60_000) {
            large.append("x");
        }
        send(HEADER + SEGMENT.replace("\"tracecheck_run_id\":\"abc\"", "\"big\":\"" + large + "\""));
        send(HEADER + SEGMENT);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (listen.backends().store().segments().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listen.backends().store().segments()).hasSize(2);
        assertThat(listen.backends().store().counts().malformed()).isGreaterThan(0);
    }
}
