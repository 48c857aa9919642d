// The Node.js peer of `tracecheck honeycomb` in scripts/bench: export one span over OTLP/HTTP
// protobuf with the official OpenTelemetry JS SDK, to OTEL_EXPORTER_OTLP_ENDPOINT with
// OTEL_EXPORTER_OTLP_HEADERS, and exit when the export has completed.
const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const exporter = new OTLPTraceExporter();
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || 'node-peer' }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const span = provider.getTracer('bench').startSpan('node probe');
span.end();
provider.forceFlush().then(() => provider.shutdown()).then(
  () => process.exit(0),
  (error) => { console.error(error); process.exit(1); });
