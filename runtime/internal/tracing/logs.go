package tracing

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// LogSink exports filtered records as OTLP log records. It is a sink like
// the file: the logger hands it records only through the redaction
// filter, so it never sees a value the filter refused.
//
// WriteRecord never blocks: it copies the line into a bounded queue and
// returns; a full queue drops the record and counts it. One goroutine
// converts queued lines into OTel log records for the SDK's batch
// processor, whose exports the Provider bounds and counts like spans.
type LogSink struct {
	p       *Provider
	logger  otellog.Logger
	batcher *logBatcher
	queue   chan []byte
	stop    chan struct{}
	done    chan struct{}
	stopped atomic.Bool
	once    sync.Once
	// pending counts records queued and not yet handed to the SDK.
	pending atomic.Int64
}

// defaultLogQueue is the sink's queue, in records: the only place a
// record waits for export.
const defaultLogQueue = 2048

// logFlushInterval bounds how long a record waits in a partial batch.
const logFlushInterval = 200 * time.Millisecond

func newLogSink(p *Provider, lp *sdklog.LoggerProvider, b *logBatcher, queue int) *LogSink {
	if queue <= 0 {
		queue = defaultLogQueue
	}
	s := &LogSink{p: p, logger: lp.Logger(scopeName), batcher: b, queue: make(chan []byte, queue),
		stop: make(chan struct{}), done: make(chan struct{})}
	go s.run()
	return s
}

// WriteRecord queues a copy of r for export; it never waits.
func (s *LogSink) WriteRecord(r *filter.Record) error {
	s.p.st.logsWritten.Add(1)
	if s.stopped.Load() {
		s.p.st.logsQueueFull.Add(1)
		return nil
	}
	line := append([]byte(nil), r.Bytes()...)
	s.pending.Add(1)
	select {
	case s.queue <- line:
	default:
		s.pending.Add(-1)
		// Counted; reported once with every other undelivered record at
		// Shutdown. Returning an error would make the logger report a
		// failed write of the local file, which did not fail.
		s.p.st.logsQueueFull.Add(1)
	}
	return nil
}

func (s *LogSink) run() {
	defer close(s.done)
	// A partial batch leaves at the latest one tick after its first
	// record, as the SDK's export interval would; a full one at once.
	tick := time.NewTicker(logFlushInterval)
	defer tick.Stop()
	for {
		select {
		case line := <-s.queue:
			s.emit(line)
		case <-tick.C:
			s.batcher.flush()
		case <-s.stop:
			// Drain what was queued before the stop; later writes are
			// refused by the stopped flag.
			for {
				select {
				case line := <-s.queue:
					s.emit(line)
				default:
					return
				}
			}
		}
	}
}

func (s *LogSink) emit(line []byte) {
	defer s.pending.Add(-1)
	rec, sc, ok := convert(line, s.p.reg, time.Now())
	if !ok {
		// A line the filter wrote always parses; if one ever does not,
		// it is lost, not forwarded half-read.
		s.p.st.logsFailed.Add(1)
		return
	}
	ctx := context.Background()
	if sc.IsValid() {
		ctx = trace.ContextWithSpanContext(ctx, sc)
	}
	s.logger.Emit(ctx, rec)
}

// flushQueue waits, at most until ctx is done, for the records queued so
// far to reach the SDK, whose ForceFlush then exports them.
func (s *LogSink) flushQueue(ctx context.Context) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for s.pending.Load() > 0 {
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case <-t.C:
		}
	}
}

// close stops the converter after it has handed every queued record to
// the SDK, or when ctx is done.
func (s *LogSink) close(ctx context.Context) {
	s.once.Do(func() {
		s.stopped.Store(true)
		close(s.stop)
	})
	select {
	case <-s.done:
	case <-ctx.Done():
	}
}

// logExporter counts and contains the errors of the OTLP log exporter.
type logExporter struct {
	next sdklog.Exporter
	p    *Provider
}

func (e *logExporter) Export(ctx context.Context, recs []sdklog.Record) error {
	n := uint64(len(recs))
	if e.p.abortCtx.Err() != nil {
		e.p.st.logsFailed.Add(n)
		return nil
	}
	ctx, cancel := e.p.abortable(ctx)
	defer cancel()
	if err := e.next.Export(ctx, recs); err != nil {
		e.p.st.logsFailed.Add(n)
		e.p.diag.exportFailed(err)
		return nil
	}
	e.p.st.logsExported.Add(n)
	return nil
}

func (e *logExporter) Shutdown(ctx context.Context) error   { return e.next.Shutdown(ctx) }
func (e *logExporter) ForceFlush(ctx context.Context) error { return e.next.ForceFlush(ctx) }

// newLogPipeline creates the OTLP/gRPC log exporter (which reads the
// OTEL_EXPORTER_OTLP_* and OTEL_EXPORTER_OTLP_LOGS_* variables itself)
// and a logger provider batching into it with bounded exports.
func newLogPipeline(ctx context.Context, p *Provider, o []otlploggrpc.Option, res *resource.Resource) (*sdklog.LoggerProvider, *logBatcher, error) {
	exp, err := otlploggrpc.New(ctx, o...)
	if err != nil {
		return nil, nil, err
	}
	b := newLogBatcher(&logExporter{next: exp, p: p})
	return sdklog.NewLoggerProvider(sdklog.WithResource(res), sdklog.WithProcessor(b)), b, nil
}

// severityNumber maps the registry's severities to OTel's numbers (the
// first of each range: DEBUG 5, INFO 9, WARN 13, ERROR 17).
func severityNumber(s schema.Severity) otellog.Severity {
	switch s {
	case schema.Debug:
		return otellog.SeverityDebug
	case schema.Info:
		return otellog.SeverityInfo
	case schema.Warn:
		return otellog.SeverityWarn
	case schema.Error:
		return otellog.SeverityError
	}
	return otellog.SeverityUndefined
}
