package tracing

import (
	"context"
	"sync"
	"sync/atomic"

	sdklog "go.opentelemetry.io/otel/sdk/log"
)

// logBatcher is the log SDK processor of the LogSink: it batches the
// records the sink's converter emits and hands full batches to an export
// goroutine of its own, one batch at a time. The SDK's BatchProcessor
// would add a second queue that silently drops its oldest records when
// export falls behind (measured: 95% of a burst lost while the sink's
// queue reported nothing); here, while a batch is exported, the
// converter fills the next one and then waits, so the sink's bounded
// queue is the only place a record can wait or be dropped, and every
// drop is counted. Conversion and export overlap on two cores.
type logBatcher struct {
	exp sdklog.Exporter
	max int

	mu    sync.Mutex
	batch []sdklog.Record

	out      chan []sdklog.Record
	inFlight atomic.Int64
	idle     chan struct{} // signalled when inFlight drops to 0
	done     chan struct{}
	closing  sync.Once
}

// logBatchSize is the most records in one export (the SDK's default).
const logBatchSize = 512

func newLogBatcher(exp sdklog.Exporter) *logBatcher {
	b := &logBatcher{exp: exp, max: logBatchSize, out: make(chan []sdklog.Record),
		idle: make(chan struct{}, 1), done: make(chan struct{})}
	go b.run()
	return b
}

func (b *logBatcher) run() {
	defer close(b.done)
	for batch := range b.out {
		ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
		// logExporter bounds, counts and reports each export.
		_ = b.exp.Export(ctx, batch)
		cancel()
		if b.inFlight.Add(-1) == 0 {
			select {
			case b.idle <- struct{}{}:
			default:
			}
		}
	}
}

func (b *logBatcher) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }

// OnEmit keeps a copy of r (the SDK reuses it) and hands the batch over
// once it is full, waiting while the previous one is being exported.
func (b *logBatcher) OnEmit(_ context.Context, r *sdklog.Record) error {
	b.mu.Lock()
	b.batch = append(b.batch, r.Clone())
	var full []sdklog.Record
	if len(b.batch) >= b.max {
		full, b.batch = b.batch, nil
	}
	b.mu.Unlock()
	if full != nil {
		b.send(full)
	}
	return nil
}

func (b *logBatcher) send(batch []sdklog.Record) {
	b.inFlight.Add(1)
	b.out <- batch
}

// flush hands over the partial batch, if any.
func (b *logBatcher) flush() {
	b.mu.Lock()
	batch := b.batch
	b.batch = nil
	b.mu.Unlock()
	if len(batch) > 0 {
		b.send(batch)
	}
}

// ForceFlush hands over the partial batch and waits, at most until ctx is
// done, for every batch handed over to be exported.
func (b *logBatcher) ForceFlush(ctx context.Context) error {
	b.flush()
	for b.inFlight.Load() > 0 {
		select {
		case <-b.idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Shutdown flushes, stops the export goroutine and shuts the exporter
// down, all within ctx.
func (b *logBatcher) Shutdown(ctx context.Context) error {
	err := b.ForceFlush(ctx)
	b.closing.Do(func() { close(b.out) })
	select {
	case <-b.done:
	case <-ctx.Done():
		if err == nil {
			err = ctx.Err()
		}
	}
	if serr := b.exp.Shutdown(ctx); err == nil {
		err = serr
	}
	return err
}
