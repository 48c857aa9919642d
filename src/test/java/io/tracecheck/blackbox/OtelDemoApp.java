package io.tracecheck.blackbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.concurrent.TimeUnit;

/**
 * An app instrumented the usual way: the OpenTelemetry SDK configured from OTEL_* variables only.
 * The black-box tests run it with the lines {@code listen --print-env} printed.
 */
public final class OtelDemoApp {
    private OtelDemoApp() {
    }

    public static void main(String[] args) {
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
        Span span = sdk.getTracer("demo").spanBuilder(args.length > 0 ? args[0] : "demo-request").startSpan();
        span.end();
        boolean exported = sdk.getSdkTracerProvider().forceFlush().join(90, TimeUnit.SECONDS).isSuccess();
        sdk.close();
        System.out.println(exported ? "exported " + span.getSpanContext().getTraceId() : "export failed");
        System.exit(exported ? 0 : 1);
    }
}
