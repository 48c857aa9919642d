package io.tracecheck.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The probe trace: a root span and one child made by the OpenTelemetry SDK, labelled
 * {@code tracecheck.probe=true} and {@code tracecheck.run_id}, under the app's service name, and
 * encoded by the SDK's own OTLP marshaler (protobuf or JSON), byte for byte what its exporter sends.
 */
public final class ProbeTrace {
    private final List<SpanData> spans;

    private ProbeTrace(List<SpanData> spans) {
        this.spans = spans;
    }

    public static ProbeTrace create(String serviceName, String runId) {
        Capture capture = new Capture();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .addSpanProcessor(SimpleSpanProcessor.create(capture))
                .build();
        try {
            Tracer tracer = provider.get("tracecheck");
            Span root = tracer.spanBuilder("tracecheck probe").setSpanKind(SpanKind.SERVER)
                    .setAttribute("tracecheck.probe", true).setAttribute("tracecheck.run_id", runId).startSpan();
            try (Scope ignored = root.makeCurrent()) {
                tracer.spanBuilder("tracecheck probe child").setSpanKind(SpanKind.INTERNAL)
                        .setAttribute("tracecheck.probe", true).setAttribute("tracecheck.run_id", runId)
                        .startSpan().end();
            }
            root.end();
        } finally {
            provider.shutdown().join(1, TimeUnit.SECONDS);
        }
        return new ProbeTrace(List.copyOf(capture.spans));
    }

    public String traceId() {
        return spans.get(0).getTraceId();
    }

    public Instant start() {
        return Instant.ofEpochSecond(0, spans.stream().mapToLong(SpanData::getStartEpochNanos).min().orElse(0));
    }

    public Instant end() {
        return Instant.ofEpochSecond(0, spans.stream().mapToLong(SpanData::getEndEpochNanos).max().orElse(0));
    }

    /** The version of the OpenTelemetry SDK that made the probe, as its resource says (telemetry.sdk.version). */
    public String sdkVersion() {
        String version = spans.get(0).getResource().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
        return version == null ? "unknown" : version;
    }

    public int spanCount() {
        return spans.size();
    }

    public byte[] protobuf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeJsonTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Keeps the finished spans instead of exporting them: sending is done by tracecheck, to see every answer. */
    private static final class Capture implements SpanExporter {
        private final List<SpanData> spans = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> finished) {
            spans.addAll(finished);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
