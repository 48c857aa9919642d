// NodeOtlpConformanceIT's client: the OpenTelemetry JS SDK exports one two-span trace (a server span
// and a failed database call under it) with the exporter for the protocol named, to
// OTEL_EXPORTER_OTLP_ENDPOINT with OTEL_EXPORTER_OTLP_HEADERS, as an instrumented Node app does.
// Prints the ids it made as JSON and exits when the export has completed.
//   node export-trace.js http/protobuf|http/json|grpc SERVICE_NAME
const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { context, trace, SpanKind, SpanStatusCode } = require('@opentelemetry/api');

const [protocol, service] = process.argv.slice(2);
const exporters = {
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
};
if (!exporters[protocol] || !service) {
  console.error('usage: node export-trace.js http/protobuf|http/json|grpc SERVICE_NAME');
  process.exit(2);
}
const { OTLPTraceExporter } = require(exporters[protocol]);
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': service }),
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
});
const tracer = provider.getTracer('conformance', '1.0.0');
const root = tracer.startSpan('GET /checkout', {
  kind: SpanKind.SERVER,
  attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'retry.count': 2, 'cache.hit': false, ratio: 0.25 },
});
const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } },
  trace.setSpan(context.active(), root));
child.addEvent('rows fetched', { rows: 3 });
child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
child.end();
root.end();
provider.forceFlush().then(() => provider.shutdown()).then(() => {
  console.log(JSON.stringify({ trace: root.spanContext().traceId, root: root.spanContext().spanId, child: child.spanContext().spanId }));
  process.exit(0);
}, (error) => {
  console.error(error);
  process.exit(1);
});
