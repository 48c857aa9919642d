package io.tracecheck.propagation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A backend for the tests, instrumented with the OpenTelemetry SDK and exporting OTLP/HTTP to a
 * local backend, as a Flask app with flask-cors and the Flask instrumentation would: one server span
 * per request, a child of the incoming traceparent when it {@code extracts}, a root of its own when
 * it ignores incoming headers.
 */
public final class InstrumentedApp implements AutoCloseable {
    private static final TextMapGetter<HttpExchange> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpExchange exchange) {
            return exchange.getRequestHeaders().keySet();
        }

        @Override
        public String get(HttpExchange exchange, String key) {
            return exchange == null ? null : exchange.getRequestHeaders().getFirst(key);
        }
    };

    private final HttpServer server;
    private final OpenTelemetrySdk sdk;

    public InstrumentedApp(String otlpBaseUrl, boolean extracts) throws IOException {
        this(otlpBaseUrl, extracts, 0);
    }

    /**
     * With {@code daemonPort}, the app is an X-Ray SDK app instead: its segment joins the incoming
     * {@code X-Amzn-Trace-Id} and goes to the daemon's UDP port, as the SDK's Flask middleware does.
     */
    public InstrumentedApp(String otlpBaseUrl, boolean extracts, int daemonPort) throws IOException {
        this(otlpBaseUrl, extracts, daemonPort, java.util.Map.of());
    }

    /** With the OTLP headers the exporter sends (x-honeycomb-team for Honeycomb). */
    public InstrumentedApp(String otlpBaseUrl, boolean extracts, int daemonPort, java.util.Map<String, String> headers)
            throws IOException {
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "flask-api")))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(otlpBaseUrl + "/v1/traces").setHeaders(() -> headers).build()))
                .build();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
        Tracer tracer = sdk.getTracer("test-flask");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("OPTIONS")) {
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "traceparent, tracestate, content-type");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            if (daemonPort > 0) {
                segment(exchange, daemonPort);
                return;
            }
            Context parent = extracts
                    ? W3CTraceContextPropagator.getInstance().extract(Context.root(), exchange, HEADERS)
                    : Context.root();
            String path = exchange.getRequestURI().getRawPath();
            Span span = tracer.spanBuilder("GET " + path).setSpanKind(SpanKind.SERVER).setParent(parent)
                    .setAttribute("http.method", exchange.getRequestMethod()).setAttribute("http.route", path)
                    .setAttribute("http.target", path).startSpan();
            span.setAttribute("http.status_code", 200L);
            span.end();
            // exported before the answer goes out, so a test that reads the store after the answer finds it
            sdk.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            byte[] body = "{\"items\":[]}".getBytes();
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private static void segment(HttpExchange exchange, int daemonPort) throws IOException {
        String header = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id"));
        java.util.regex.Matcher root = java.util.regex.Pattern.compile("Root=([^;]+)").matcher(header);
        java.util.regex.Matcher parent = java.util.regex.Pattern.compile("Parent=([0-9a-f]{16})").matcher(header);
        double now = System.currentTimeMillis() / 1000.0;
        String traceId = root.find() ? root.group(1) : String.format("1-%08x-%024x", (long) now, System.nanoTime());
        String path = exchange.getRequestURI().getRawPath();
        String document = "{\"name\":\"flask-api\",\"id\":\"" + String.format("%016x", System.nanoTime())
                + "\",\"trace_id\":\"" + traceId + "\"" + (parent.find() ? ",\"parent_id\":\"" + parent.group(1) + "\"" : "")
                + ",\"start_time\":" + now + ",\"end_time\":" + (now + 0.01) + ",\"http\":{\"request\":{\"method\":\"GET\","
                + "\"url\":\"http://127.0.0.1" + path + "\"},\"response\":{\"status\":200}}}";
        byte[] datagram = ("{\"format\": \"json\", \"version\": 1}\n" + document).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.send(new java.net.DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), daemonPort));
        }
        byte[] body = "{}".getBytes();
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        sdk.close();
    }

}
