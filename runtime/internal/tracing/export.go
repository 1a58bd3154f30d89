package tracing

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Stats counts what the export pipelines did.
type Stats struct {
	// SpansEnded counts sampled spans ended (each was offered to the
	// queue); SpansExported those the collector accepted; SpansFailed
	// those in batches whose export failed or was aborted.
	SpansEnded, SpansExported, SpansFailed uint64
	// MetricExports and MetricExportsFailed count metric export calls.
	// Metrics are cumulative, so a failed export loses no total: the
	// next successful one carries it.
	MetricExports, MetricExportsFailed uint64
	// AttributesDropped counts span attributes refused by the redaction
	// rules (also added to geno_lewm.observability.redacted_keys).
	AttributesDropped uint64
	// LogsWritten counts the records the log sink was given (all of them
	// filtered); LogsExported those the collector accepted; LogsQueueFull
	// those dropped because the sink's queue was full or closed;
	// LogsFailed those in failed or aborted exports.
	LogsWritten, LogsExported, LogsQueueFull, LogsFailed uint64
}

// LogsDropped is the number of records given to the log sink that never
// reached the collector. Exact once Shutdown has returned.
func (s Stats) LogsDropped() uint64 { return s.LogsWritten - s.LogsExported }

// SpansDropped is the number of ended spans that never reached the
// collector: failed exports plus spans dropped because the queue was
// full. Exact once Shutdown has returned; before, it also counts the
// spans still queued.
func (s Stats) SpansDropped() uint64 { return s.SpansEnded - s.SpansExported }

type stats struct {
	spansEnded, spansExported, spansFailed atomic.Uint64
	metricExports, metricFailed            atomic.Uint64
	attrsDropped                           atomic.Uint64
	logsWritten, logsExported              atomic.Uint64
	logsQueueFull, logsFailed              atomic.Uint64
}

// Stats returns the current counts; zero for a disabled Provider.
func (p *Provider) Stats() Stats {
	if !p.Enabled() {
		return Stats{}
	}
	return Stats{
		SpansEnded:          p.st.spansEnded.Load(),
		SpansExported:       p.st.spansExported.Load(),
		SpansFailed:         p.st.spansFailed.Load(),
		MetricExports:       p.st.metricExports.Load(),
		MetricExportsFailed: p.st.metricFailed.Load(),
		AttributesDropped:   p.st.attrsDropped.Load(),
		LogsWritten:         p.st.logsWritten.Load(),
		LogsExported:        p.st.logsExported.Load(),
		LogsQueueFull:       p.st.logsQueueFull.Load(),
		LogsFailed:          p.st.logsFailed.Load(),
	}
}

// endCounter counts the spans offered to the batch processor, which
// itself drops silently when its queue is full.
type endCounter struct{ st *stats }

func (c endCounter) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (c endCounter) OnEnd(s sdktrace.ReadOnlySpan) {
	if s.SpanContext().IsSampled() {
		c.st.spansEnded.Add(1)
	}
}
func (endCounter) Shutdown(context.Context) error   { return nil }
func (endCounter) ForceFlush(context.Context) error { return nil }

// abortable derives from ctx a context that is also cancelled when the
// provider aborts, so no export outlives Shutdown's deadline.
func (p *Provider) abortable(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(p.abortCtx, cancel)
	return ctx, func() { stop(); cancel() }
}

// spanExporter counts and contains the errors of the OTLP span exporter.
type spanExporter struct {
	next sdktrace.SpanExporter
	p    *Provider
}

func (e *spanExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	n := uint64(len(spans))
	if e.p.abortCtx.Err() != nil {
		e.p.st.spansFailed.Add(n)
		return nil
	}
	ctx, cancel := e.p.abortable(ctx)
	defer cancel()
	if err := e.next.ExportSpans(ctx, spans); err != nil {
		e.p.st.spansFailed.Add(n)
		e.p.diag.exportFailed(err)
		// Counted and reported: returning it would only reach the SDK's
		// global handler, which prints to stderr.
		return nil
	}
	e.p.st.spansExported.Add(n)
	return nil
}

func (e *spanExporter) Shutdown(ctx context.Context) error { return e.next.Shutdown(ctx) }

// metricExporter counts and contains the errors of the OTLP metric
// exporter.
type metricExporter struct {
	next sdkmetric.Exporter
	p    *Provider
}

func (e *metricExporter) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return e.next.Temporality(k)
}

func (e *metricExporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return e.next.Aggregation(k)
}

func (e *metricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	e.p.st.metricExports.Add(1)
	if e.p.abortCtx.Err() != nil {
		e.p.st.metricFailed.Add(1)
		return nil
	}
	ctx, cancel := e.p.abortable(ctx)
	defer cancel()
	if err := e.next.Export(ctx, rm); err != nil {
		e.p.st.metricFailed.Add(1)
		e.p.diag.exportFailed(err)
	}
	return nil
}

func (e *metricExporter) ForceFlush(ctx context.Context) error { return e.next.ForceFlush(ctx) }
func (e *metricExporter) Shutdown(ctx context.Context) error   { return e.next.Shutdown(ctx) }

// diagnostics writes the package's few one-line reports.
type diagnostics struct {
	w        io.Writer
	mu       sync.Mutex
	reported atomic.Bool
}

func (d *diagnostics) printf(format string, args ...any) {
	if d == nil || d.w == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "genolewm/obs: tracing: "+format+"\n", args...)
}

// exportFailed reports the first export failure; later ones are counted.
func (d *diagnostics) exportFailed(err error) {
	if d.reported.CompareAndSwap(false, true) {
		d.printf("OTLP export failed: %v (further failures are counted, not reported)", err)
	}
}

func (d *diagnostics) reportDrops(s Stats) {
	if s.SpansDropped() > 0 || s.MetricExportsFailed > 0 || s.LogsDropped() > 0 {
		d.printf("%d of %d spans, %d of %d log records and %d of %d metric exports were not delivered",
			s.SpansDropped(), s.SpansEnded, s.LogsDropped(), s.LogsWritten, s.MetricExportsFailed, s.MetricExports)
	}
}

// current is the diagnostics of the latest enabled Provider: the SDK's
// global error handler reports there instead of printing to stderr.
var (
	current    atomic.Pointer[diagnostics]
	handlerSet sync.Once
)

func routeGlobalErrors(d *diagnostics) {
	current.Store(d)
	handlerSet.Do(func() {
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
			if d := current.Load(); d != nil {
				d.exportFailed(err)
			}
		}))
	})
}
