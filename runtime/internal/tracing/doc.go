// Package tracing is the opt-in OpenTelemetry layer: the registry's spans
// (its ms histograms NAMESPACE.OP.duration: training.step, inference.score,
// planning.cem.iter here) and OTLP/gRPC export of those spans, of the
// registered metrics of the compiled registry and of log records (the
// LogSink).
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
// are service.name, run_id and, in a multi-process run, rank, world_size
// and local_rank; OTEL_RESOURCE_ATTRIBUTES is not read, since it would let
// free-form values bypass the allowlist.
//
// # Log records: a sink after the filter
//
// LogSink is a filter.Sink: the logger hands it each record after the
// redaction filter, with the other sinks, and it has no other way in
// (obsredact and cmd/obsgraph prove no path reaches a WriteRecord without
// the filter). WriteRecord copies the filtered line into a bounded queue
// and returns at once; a full queue drops the record and counts it. One
// goroutine turns each line into an OTel log record (logconvert.go: the
// event name as EventName and body, severity number and text, data keys
// as attributes with their registered types, the top-level fields as
// genolewm.* attributes, the line's trace and span ids) and hands it to
// the official log SDK's BatchProcessor and otlploggrpc exporter, wrapped
// like the others to count, report once and abort at Shutdown's deadline.
// LogsDropped in Stats is exact after Shutdown.
//
// Variant ids do leave the machine this way, unlike on spans: the local
// record and the exported one are the same record (an operator who sets
// the endpoint asks for the logs), and a variant id is a keyed hash, never
// the bases. Every other rule has already run on the line.
package tracing
