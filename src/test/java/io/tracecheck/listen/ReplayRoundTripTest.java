package io.tracecheck.listen;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracecheck.listen.otlp.Destination;
import io.tracecheck.listen.otlp.OtlpIngest;
import io.tracecheck.listen.otlp.OtlpJson;
import io.tracecheck.listen.xray.DaemonReceiver;
import io.tracecheck.listen.xray.SegmentDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the receivers keep, the line JsonlSink writes for it brings back the same item: the
 * store replayed from a recording equals the store that recorded it, item for item.
 */
class ReplayRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyKindOfItemComesBackEqualFromItsLine() throws Exception {
        Store live = new Store(100);
        Path recording = dir.resolve("rec.jsonl");
        List<String> problems = new ArrayList<>();
        try (JsonlSink sink = new JsonlSink(recording, problems::add)) {
            live.onArrival(sink);
            // nanoseconds too: the recorded time is the instant to the last digit
            Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00.123456789Z"), ZoneOffset.UTC);
            OtlpIngest ingest = new OtlpIngest(live, clock);
            ingest.traces(OtlpJson.parse(OtlpSamples.JSON_TRACE.getBytes(StandardCharsets.UTF_8),
                    ExportTraceServiceRequest.newBuilder()).build(), Source.OTLP_GRPC, new Destination("test-env", "fixed"));
            ingest.logs(OtlpJson.parse(LOGS.getBytes(StandardCharsets.UTF_8), ExportLogsServiceRequest.newBuilder()).build(),
                    Source.OTLP_HTTP);
            ingest.metrics(OtlpJson.parse(METRICS.getBytes(StandardCharsets.UTF_8),
                    ExportMetricsServiceRequest.newBuilder()).build(), Source.OTLP_HTTP);
            String document = "{\"name\":\"worker\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-581cf771-a006649127e371903a2de979\","
                    + "\"start_time\":1.7000000001234567E9,\"end_time\":1700000000.5,\"subsegments\":[{\"name\":\"s3\","
                    + "\"id\":\"70de5b6f19ff9a0b\",\"start_time\":1.0,\"end_time\":2.0}]}";
            Map<String, Object> fields = SegmentDocument.parse(document);
            StoredSegment segment = new StoredSegment(clock.instant(), Source.XRAY_UDP, "1-581cf771-a006649127e371903a2de979",
                    "70de5b6f19ff9a0a", "worker", "", document, fields);
            live.accept(List.of(segment), List.of(DaemonReceiver.arrival(segment, document.length())));
            StoredLogEvent event = new StoredLogEvent(clock.instant(), Source.LOGS_API, "/app/orders", "i-0abc", 1_764_150_000_000L,
                    1_764_150_000_100L, "order 42 \"shipped\"\n");
            live.accept(List.of(event), List.of(Arrival.data(Arrival.Kind.LOGS, Source.LOGS_API, clock.instant(),
                    "/app/orders / i-0abc", event.message(), "", List.of(), 1, 22, false, List.of(event))));
            StoredRollbarItem item = new StoredRollbarItem(clock.instant(), Source.ROLLBAR_API, 7, "5c1b4c6e-0000-4000-8000-000000000001",
                    "staging", "NullPointerException: boom", "critical",
                    Map.of("environment", "staging", "body", Map.of("message", Map.of("body", "boom")), "level", "critical"));
            live.accept(List.of(item), List.of(Arrival.data(Arrival.Kind.ITEM, Source.ROLLBAR_API, clock.instant(), "staging",
                    item.title(), item.uuid(), List.of(), 1, 100, false, List.of(item))));
            live.record(Arrival.malformed(Source.XRAY_UDP, clock.instant(), 1, "no header line"));
        }
        assertThat(problems).isEmpty();

        Store replayed = new Store(100);
        Replay.Result result = Replay.load(recording, replayed, ListenOptions.ephemeral(), Clock.systemUTC());

        List<Stored> original = live.find(Stored.class, s -> true);
        assertThat(original).hasSize(8);
        assertThat(replayed.find(Stored.class, s -> true)).containsExactlyElementsOf(original);
        assertThat(result.skipped()).as(result.problems().toString()).isZero();
        assertThat(result.keptNothing()).isEqualTo(1);
        assertThat(result.summary()).isEqualTo("replayed 2 traces (2 spans, 1 segment), 2 log records, 1 log event, "
                + "1 metrics export, 1 Rollbar item from " + recording + " (listen --jsonl)");
        assertThat(replayed.counts().received()).isZero();
        assertThat(replayed.replayed()).isEqualTo(8);
    }

    /** The store's capacity holds for a replay as for arrivals: the newest stay, the evicted are counted. */
    @Test
    void aRecordingLargerThanTheStoreKeepsTheNewest() throws Exception {
        Path file = dir.resolve("big.json");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append(OtlpSamples.JSON_TRACE.replace("\n", "").replace("5b8efff798038103d269b633813fc60c",
                    String.format("%032x", i + 1))).append('\n');
        }
        Files.writeString(file, lines);
        Store store = new Store(3);
        Replay.Result result = Replay.load(file, store, ListenOptions.ephemeral().withMaxItems(3), Clock.systemUTC());
        assertThat(result.evicted()).isEqualTo(7);
        assertThat(store.counts().kept()).isEqualTo(3);
        assertThat(store.spans()).extracting(StoredSpan::traceId).containsOnly(String.format("%032x", 5), String.format("%032x", 4));
        assertThat(result.summary()).contains("replayed 5 traces (10 spans)").contains("(OTLP JSON)")
                .endsWith("7 evicted: --max-items keeps the newest");
    }

    /** A .gz cut short (a download that stopped): the lines before the cut load, and the problem says where reading stopped. */
    @Test
    void aTruncatedGzipKeepsWhatCameBeforeTheCut() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            for (int i = 0; i < 200; i++) {
                gzip.write((OtlpSamples.JSON_TRACE.replace("\n", "").replace("5b8efff798038103d269b633813fc60c",
                        String.format("%032x", i + 1)) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = bytes.toByteArray();
        Path file = Files.write(dir.resolve("cut.jsonl.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Store store = new Store(1000);
        Replay.Result result = Replay.load(file, store, ListenOptions.ephemeral(), Clock.systemUTC());
        assertThat(result.loaded()).isPositive().isLessThan(400);
        assertThat(store.spans()).hasSize((int) result.loaded());
        assertThat(result.problems()).singleElement().asString().contains("reading stopped after ")
                .contains("the lines before it are loaded");

        Path header = Files.write(dir.resolve("header-only.gz"), java.util.Arrays.copyOf(whole, 5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Replay.load(header, new Store(10), ListenOptions.ephemeral(),
                Clock.systemUTC())).isInstanceOf(Replay.Unusable.class).hasMessageStartingWith("--replay " + header + ": cannot be read (");
    }

    static final String LOGS = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},
             "scopeLogs":[{"logRecords":[
              {"timeUnixNano":"1764150000000000000","severityText":"INFO","body":{"stringValue":"order placed"},
               "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"},
              {"severityText":"WARN","body":{"stringValue":"slow payment"}}]}]}]}
            """;

    static final String METRICS = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},
             "scopeMetrics":[{"metrics":[{"name":"orders.placed","sum":{"dataPoints":[{"asInt":"3"},{"asInt":"4"}],
              "aggregationTemporality":2,"isMonotonic":true}}]}]}]}
            """;
}
