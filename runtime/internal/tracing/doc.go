// Package tracing is the opt-in OpenTelemetry layer: the registry's spans
// (its ms histograms NAMESPACE.OP.duration: training.step, inference.score,
// planning.cem.iter here) and OTLP/gRPC export of those spans and of the
// registered metrics of the compiled registry.
//
// # Opt-in (INV-OBS-5)
//
// Setup looks at OTEL_EXPORTER_OTLP_ENDPOINT (or Options.Endpoint, a flag
// that overrides it). When neither is set, or OTEL_SDK_DISABLED=true, it
// returns a disabled Provider: no SDK object, no exporter, no goroutine, no
// connection, and span helpers that return a zero Span (a nil check, about
// a nanosecond). The signal-specific variables
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, ..._METRICS_ENDPOINT) alone never
// turn export on: the spec names only the general one. Once it is on, the
// exporters honour every standard OTEL_EXPORTER_OTLP_* variable (headers,
// TLS, timeout, compression, signal-specific endpoints) and the
// BatchSpanProcessor honours OTEL_BSP_*.
//
// # Never blocking the host
//
// Spans go through a BatchSpanProcessor whose queue is bounded (2048 by
// default) and which drops, never blocks, when it is full. Every exporter
// is wrapped (export.go) to count what it sent and what failed, to report
// the first failure once on Options.Diagnostics, and to abort in-flight
// exports when Shutdown's deadline passes, so that a collector that never
// answers cannot keep goroutines or the process alive. Export errors are
// swallowed after counting, so the SDK's global error handler (which
// prints to stderr) never sees them. Stats reports the counts; after
// Shutdown, Stats().SpansDropped() is exact.
//
// # Metrics: a Producer, not observable instruments
//
// The registered families (schema.Families) already aggregate in place:
// counters, gauges and fixed-bucket histograms updated lock-free by host
// code. They are exported through a metric.Producer on a PeriodicReader
// (metrics.go) that converts a snapshot of each family to OTLP data points
// at collection time: dotted registry names, UCUM units, the registry's
// bucket bounds in the recorded unit, cumulative temporality (the same
// totals the Prometheus textfile shows). Observable instruments were the
// alternative, but the OpenTelemetry API has no observable histogram, so
// histograms would have had to be re-recorded into SDK instruments on
// every update: a second aggregation on the hot path, with the SDK's
// default buckets unless a View per metric restated them. The Producer
// costs nothing between collections and cannot emit a name that is not
// in the registry, because it only walks the registry's families.
//
// # Span attributes pass the redaction rules
//
// A span's attribute keys are the allowlists of the registered events it
// corresponds to (training.step's fields for the training.step span, the
// fields of inference.score.start and .end for inference.score) plus the
// standard top-level keys step, epoch and phase. A key outside that set,
// on the deny list, of the wrong type, or a string holding a DNA run of
// 20 or more bases is dropped and counted (Stats.AttributesDropped and
// geno_lewm.observability.redacted_keys), exactly as for log data. Two
// stricter choices, because spans leave the machine while logs stay on
// local disk: variant_id never becomes a span attribute (a local log
// record inside the span carries it and the span's ids, which is enough
// to join them on the operator's side), and error status carries only a
// registered error code name, never an error's text. Resource attributes
// are service.name and run_id only; OTEL_RESOURCE_ATTRIBUTES is not read,
// since it would let free-form values bypass the allowlist.
//
// # Log records are not exported over OTLP (v0.1)
//
// Exporting log records would be sound only as a filter.Sink, which by
// construction receives records after the filter (INV-OBS-3), carrying
// the exact redacted JSON line. It is left out for now because: the
// OpenTelemetry Go log exporter (otlploggrpc) is still v0.x, unlike the
// v1 trace and metric exporters; local-first is a principle of the spec,
// and per-variant records (variant ids are keyed hashes that can be
// re-personalized by lookup, cf. OQ-OBS-2) would then leave the machine
// by default whenever tracing is on; and the trace_id/span_id already in
// every local record join logs to exported spans. If it is added later,
// it must be a filter.Sink and nothing else.
package tracing
