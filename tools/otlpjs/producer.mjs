// A non-Go OTLP producer for the registry processor's end-to-end tests
// (internal/registrye2e): the official OpenTelemetry JavaScript SDK, run
// with the machine's Node.js, sends the log records, spans and metrics of
// a plan file over OTLP/gRPC to OTEL_EXPORTER_OTLP_ENDPOINT (log records in
// batches of up to 512, through a queue large enough for any plan), then shuts
// its providers down (which flushes every exporter) and exits 0; any
// export failure exits 1.
//
//   node producer.mjs PLAN.json
//
// The plan is a list of batches, each with its own resource:
//   {"batches": [{"resource": {KEY: VALUE},
//                 "logs":    [{"eventName", "severityNumber", "severityText", "body", "attributes", "timeUnixNano"}],
//                 "spans":   [{"name", "attributes", "events": [{"name", "attributes"}], "statusMessage"}],
//                 "metrics": [{"name", "unit", "kind": "counter"|"gauge"|"histogram", "boundaries", "points": [{"value", "attributes"}]}]}]}
// VALUE is typed as OTLP/JSON's AnyValue ({"stringValue": ...}, {"intValue":
// "7"}, {"doubleValue": 0.5}, {"boolValue": true}, {"bytesValue": BASE64},
// {"arrayValue": {"values": [...]}}, {"kvlistValue": {"values": [{"key",
// "value"}]}}), so that JSON cannot blur a type; the SDK then encodes each
// as it would any JavaScript value (an integral number as intValue).
import { readFileSync } from 'node:fs';
import { diag, DiagConsoleLogger, DiagLogLevel, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';

diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.ERROR);

function value(v) {
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('bytesValue' in v) return new Uint8Array(Buffer.from(v.bytesValue, 'base64'));
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(value);
  if ('kvlistValue' in v) return attributes(v.kvlistValue.values ?? []);
  throw new Error('producer: an empty or unknown AnyValue in the plan');
}

function attributes(kvs) {
  const out = {};
  for (const kv of kvs ?? []) out[kv.key] = value(kv.value);
  return out;
}

let failed = false;
// Exporters report failures through the result callback; the SDK's
// processors surface them as rejected flushes and diag errors.
function watch(exporter) {
  const orig = exporter.export.bind(exporter);
  exporter.export = (items, done) => orig(items, (result) => {
    if (result.code !== 0) {
      failed = true;
      console.error('producer: export failed:', result.error?.message ?? result.code);
    }
    done(result);
  });
  return exporter;
}

async function send(batch, index) {
  const resource = resourceFromAttributes(attributes(batch.resource));
  const logs = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: watch(new OTLPLogExporter()), maxQueueSize: 100000, maxExportBatchSize: 512, scheduledDelayMillis: 50 })] });
  const traces = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: watch(new OTLPTraceExporter()) })] });
  const reader = new PeriodicExportingMetricReader({
    exporter: watch(new OTLPMetricExporter({ temporalityPreference: AggregationTemporality.CUMULATIVE })),
    exportIntervalMillis: 3600000,
  });
  const meters = new MeterProvider({ resource, readers: [reader] });

  const logger = logs.getLogger('genolewm-js-producer', '1.0.0');
  for (const r of batch.logs ?? []) {
    const rec = { attributes: attributes(r.attributes) };
    if (r.eventName) rec.eventName = r.eventName;
    if (r.severityNumber) rec.severityNumber = r.severityNumber;
    if (r.severityText) rec.severityText = r.severityText;
    if (r.body) rec.body = value(r.body);
    if (r.timeUnixNano) {
      const ns = BigInt(r.timeUnixNano);
      rec.timestamp = [Number(ns / 1000000000n), Number(ns % 1000000000n)];
    }
    logger.emit(rec);
  }
  const tracer = traces.getTracer('genolewm-js-producer', '1.0.0');
  for (const s of batch.spans ?? []) {
    const span = tracer.startSpan(s.name, { attributes: attributes(s.attributes) });
    for (const e of s.events ?? []) span.addEvent(e.name, attributes(e.attributes));
    if (s.statusMessage) span.setStatus({ code: SpanStatusCode.ERROR, message: s.statusMessage });
    span.end();
  }
  const meter = meters.getMeter('genolewm-js-producer', '1.0.0');
  for (const m of batch.metrics ?? []) {
    const opts = { unit: m.unit };
    if (m.boundaries) opts.advice = { explicitBucketBoundaries: m.boundaries };
    const inst = m.kind === 'counter' ? meter.createCounter(m.name, opts)
      : m.kind === 'gauge' ? meter.createGauge(m.name, opts)
      : meter.createHistogram(m.name, opts);
    for (const p of m.points ?? []) {
      const a = attributes(p.attributes);
      if (m.kind === 'counter') inst.add(p.value, a);
      else if (m.kind === 'gauge') inst.record(p.value, a);
      else inst.record(p.value, a);
    }
  }
  await logs.forceFlush();
  await traces.forceFlush();
  await meters.forceFlush();
  await Promise.all([logs.shutdown(), traces.shutdown(), meters.shutdown()]);
  console.log(`producer: batch ${index}: ${(batch.logs ?? []).length} log records, ${(batch.spans ?? []).length} spans, ${(batch.metrics ?? []).length} metrics sent`);
}

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const timer = setTimeout(() => { console.error('producer: timed out'); process.exit(1); }, 60000);
try {
  for (const [i, b] of (plan.batches ?? []).entries()) await send(b, i);
} catch (err) {
  console.error('producer:', err?.message ?? err);
  process.exit(1);
}
clearTimeout(timer);
process.exit(failed ? 1 : 0);
