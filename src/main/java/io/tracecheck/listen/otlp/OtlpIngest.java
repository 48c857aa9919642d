package io.tracecheck.listen.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.Stored;
import io.tracecheck.listen.StoredLogRecord;
import io.tracecheck.listen.StoredMetrics;
import io.tracecheck.listen.StoredSpan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns decoded OTLP export requests into stored items and arrivals, the same way whether they
 * came over HTTP or gRPC. Spans of one trace and service in one request make one arrival.
 */
public final class OtlpIngest {
    private static final HexFormat HEX = HexFormat.of();

    private final Store store;
    private final Clock clock;

    public OtlpIngest(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores the spans; returns how many arrivals were announced (0 for an export without spans). */
    public int traces(ExportTraceServiceRequest request, Source source, Destination destination) {
        return store(spans(request, source, destination, clock.instant()));
    }

    public int logs(ExportLogsServiceRequest request, Source source) {
        return store(logs(request, source, clock.instant()));
    }

    public int metrics(ExportMetricsServiceRequest request, Source source) {
        return store(metrics(request, source, clock.instant()));
    }

    private int store(Batch batch) {
        store.accept(batch.items(), batch.arrivals());
        return batch.arrivals().size();
    }

    /**
     * What one export request keeps and announces, received at {@code at}, without storing it:
     * the receivers store it at once, {@code listen --replay} keeps the items and announces nothing.
     */
    public record Batch(List<? extends Stored> items, List<Arrival> arrivals) {
    }

    /** The spans, one arrival per trace and service. */
    public static Batch spans(ExportTraceServiceRequest request, Source source, Destination destination, Instant at) {
        List<StoredSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Resource resource = resourceSpans.getResource();
            String service = serviceName(resource.getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new StoredSpan(at, source, service, hex(span.getTraceId()), hex(span.getSpanId()),
                            hex(span.getParentSpanId()), span.getName(), attributes(span.getAttributesList()),
                            resource, span, destination.environment(), destination.datasetFor(service)));
                }
            }
        }
        Map<String, List<StoredSpan>> groups = spans.stream().collect(Collectors.groupingBy(
                s -> s.service() + "\u0000" + s.traceId(), LinkedHashMap::new, Collectors.toList()));
        List<Arrival> arrivals = new ArrayList<>(groups.size());
        for (List<StoredSpan> group : groups.values()) {
            StoredSpan first = group.stream().filter(StoredSpan::isRoot).findFirst().orElse(group.get(0));
            long bytes = group.stream().mapToLong(s -> s.span().getSerializedSize()).sum();
            arrivals.add(Arrival.data(Arrival.Kind.SPANS, source, at, first.service(), first.name(), first.traceId(),
                    group.stream().map(s -> new Arrival.Item(s.spanId(), s.parentSpanId(), s.name())).toList(),
                    group.size(), bytes, group.stream().anyMatch(StoredSpan::probe), group));
        }
        return new Batch(spans, arrivals);
    }

    /** The log records, one arrival per resource. */
    public static Batch logs(ExportLogsServiceRequest request, Source source, Instant at) {
        List<StoredLogRecord> records = new ArrayList<>();
        List<Arrival> arrivals = new ArrayList<>();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            String service = serviceName(resourceLogs.getResource().getAttributesList());
            List<StoredLogRecord> ofResource = new ArrayList<>();
            long bytes = 0;
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    ofResource.add(new StoredLogRecord(at, source, service, hex(record.getTraceId()),
                            record.getSeverityText(), text(record.getBody())));
                    bytes += record.getSerializedSize();
                }
            }
            if (!ofResource.isEmpty()) {
                StoredLogRecord first = ofResource.get(0);
                arrivals.add(Arrival.data(Arrival.Kind.LOGS, source, at, service, first.body(), first.traceId(),
                        List.of(), ofResource.size(), bytes, first.body().startsWith("tracecheck probe"), ofResource));
                records.addAll(ofResource);
            }
        }
        return new Batch(records, arrivals);
    }

    /** The metrics, counted: one kept batch and one arrival per resource. */
    public static Batch metrics(ExportMetricsServiceRequest request, Source source, Instant at) {
        List<StoredMetrics> batches = new ArrayList<>();
        List<Arrival> arrivals = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            String service = serviceName(resourceMetrics.getResource().getAttributesList());
            int points = 0;
            String firstName = "";
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    firstName = firstName.isEmpty() ? metric.getName() : firstName;
                    points += dataPoints(metric);
                }
            }
            StoredMetrics batch = new StoredMetrics(at, source, service, points);
            batches.add(batch);
            arrivals.add(Arrival.data(Arrival.Kind.METRICS, source, at, service, firstName, "", List.of(), points,
                    resourceMetrics.getSerializedSize(), false, List.of(batch)));
        }
        return new Batch(batches, arrivals);
    }

    private static int dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    static String serviceName(List<KeyValue> resourceAttributes) {
        for (KeyValue attribute : resourceAttributes) {
            if (attribute.getKey().equals("service.name")) {
                return text(attribute.getValue());
            }
        }
        return "unknown_service";
    }

    static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            map.put(attribute.getKey(), text(attribute.getValue()));
        }
        return map;
    }

    /** An attribute value as text: strings as they are, others in their usual notation. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case BYTES_VALUE -> HEX.formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpIngest::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(",", "{", "}"));
            default -> "";
        };
    }

    static String hex(ByteString bytes) {
        return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
    }
}
