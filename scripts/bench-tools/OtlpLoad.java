// Load generator for scripts/bench: posts OTLP/HTTP protobuf batches from concurrent senders for a
// fixed time and reports the spans the server accepted per second. Run with the tracecheck jar on
// the class path (it brings the OTLP protobuf classes):
//   java -cp target/tracecheck.jar scripts/bench-tools/OtlpLoad.java URL SENDERS BATCH SECONDS
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

public class OtlpLoad {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int senders = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        List<byte[]> bodies = new ArrayList<>();
        Random random = new Random(42);
        for (int b = 0; b < 16; b++) {
            bodies.add(batch(random, batch));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int offset = s;
            Thread thread = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    byte[] body = bodies.get(i++ % bodies.size());
                    try {
                        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url)
                                .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            accepted.addAndGet(batch);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("spans_per_second=%.0f accepted=%d failed_requests=%d seconds=%.1f batch_bytes=%d%n",
                accepted.get() / elapsed, accepted.get(), failed.get(), elapsed, bodies.get(0).length);
    }

    /** A batch as an instrumented web app exports it: 8 traces, spans with realistic attributes. */
    static byte[] batch(Random random, int size) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        byte[] trace = new byte[16];
        for (int i = 0; i < size; i++) {
            if (i % (size / 8 == 0 ? 1 : size / 8) == 0) {
                random.nextBytes(trace);
            }
            byte[] id = new byte[8];
            random.nextBytes(id);
            long start = 1_700_000_000_000_000_000L + i * 1_000_000L;
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(id))
                    .setName(i % 8 == 0 ? "GET /api/orders/{id}" : "SELECT orders").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 2_500_000L)
                    .addAttributes(attribute("http.request.method", "GET"))
                    .addAttributes(attribute("url.path", "/api/orders/" + i))
                    .addAttributes(attribute("db.system", "postgresql")));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "bench-app")))
                .addScopeSpans(scope)).build().toByteArray();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
