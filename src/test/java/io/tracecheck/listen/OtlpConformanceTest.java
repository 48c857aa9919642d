package io.tracecheck.listen;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracecheck.LocalBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent client, the OpenTelemetry Java SDK's own exporters, sends real spans into the
 * local listen.backends(); the store must hold exactly those spans.
 */
class OtlpConformanceTest {
    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    @Test
    void httpProtobufExporter() {
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(listen.backends().httpBaseUrl() + "/v1/traces").setTimeout(Duration.ofSeconds(5)).build();
        assertStoredExactly(sendTrace(exporter, "checkout-http"), "checkout-http", Source.OTLP_HTTP);
    }

    @Test
    void httpProtobufExporterWithGzip() {
        SpanExporter exporter = OtlpHttpSpanExporter.builder().setCompression("gzip")
                .setEndpoint(listen.backends().httpBaseUrl() + "/v1/traces").setTimeout(Duration.ofSeconds(5)).build();
        assertStoredExactly(sendTrace(exporter, "checkout-gzip"), "checkout-gzip", Source.OTLP_HTTP);
    }

    @Test
    void grpcExporter() {
        SpanExporter exporter = OtlpGrpcSpanExporter.builder()
                .setEndpoint(listen.backends().grpcUrl()).setTimeout(Duration.ofSeconds(5)).build();
        assertStoredExactly(sendTrace(exporter, "checkout-grpc"), "checkout-grpc", Source.OTLP_GRPC);
    }

    @Test
    void grpcExporterWithGzip() {
        SpanExporter exporter = OtlpGrpcSpanExporter.builder().setCompression("gzip")
                .setEndpoint(listen.backends().grpcUrl()).setTimeout(Duration.ofSeconds(5)).build();
        assertStoredExactly(sendTrace(exporter, "checkout-grpc-gzip"), "checkout-grpc-gzip", Source.OTLP_GRPC);
    }

    /** Sends a root span with one child, as an instrumented request handler would; returns both contexts. */
    private static List<Span> sendTrace(SpanExporter exporter, String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        try {
            Tracer tracer = provider.get("conformance");
            Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET").setAttribute("http.response.status_code", 200L)
                    .setAttribute("tracecheck.probe", true).startSpan();
            Span child;
            try (Scope ignored = root.makeCurrent()) {
                child = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("db.system", "postgresql").startSpan();
                child.end();
            }
            root.end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
            return List.of(root, child);
        } finally {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    private void assertStoredExactly(List<Span> sent, String service, Source source) {
        Span root = sent.get(0);
        Span child = sent.get(1);
        String traceId = root.getSpanContext().getTraceId();
        List<StoredSpan> stored = listen.backends().store().spansOfTrace(traceId);
        assertThat(stored).hasSize(2);
        assertThat(listen.backends().store().spans()).hasSize(2);
        StoredSpan storedRoot = stored.stream().filter(StoredSpan::isRoot).findFirst().orElseThrow();
        StoredSpan storedChild = stored.stream().filter(s -> !s.isRoot()).findFirst().orElseThrow();
        assertThat(storedRoot.spanId()).isEqualTo(root.getSpanContext().getSpanId());
        assertThat(storedRoot.name()).isEqualTo("GET /checkout");
        assertThat(storedRoot.service()).isEqualTo(service);
        assertThat(storedRoot.source()).isEqualTo(source);
        assertThat(storedRoot.attributes()).containsEntry("http.request.method", "GET")
                .containsEntry("http.response.status_code", "200").containsEntry("tracecheck.probe", "true");
        assertThat(storedRoot.probe()).isTrue();
        assertThat(storedChild.spanId()).isEqualTo(child.getSpanContext().getSpanId());
        assertThat(storedChild.parentSpanId()).isEqualTo(root.getSpanContext().getSpanId());
        assertThat(storedChild.name()).isEqualTo("SELECT orders");
        assertThat(storedChild.attributes()).containsEntry("db.system", "postgresql");
        assertThat(storedChild.span().getKind().getNumber()).isEqualTo(3); // SPAN_KIND_CLIENT
        assertThat(listen.backends().store().counts().malformed()).isZero();
    }
}
