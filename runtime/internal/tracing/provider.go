package tracing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// scopeName is the instrumentation scope of every span and metric.
const scopeName = "github.com/genolewm/obs"

// Provider owns the tracing and metric export pipelines. A nil or
// disabled Provider is valid: its span helpers return zero Spans and
// Shutdown does nothing.
type Provider struct {
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
	lp     *sdklog.LoggerProvider
	logs   *LogSink
	tracer trace.Tracer
	reg    *schema.Registry
	st     *stats
	diag   *diagnostics

	// abortCtx is cancelled when Shutdown's deadline passes: every
	// in-flight export is then cut short (export.go).
	abortCtx context.Context
	abort    context.CancelFunc

	shutdownTimeout time.Duration
	shutdownOnce    sync.Once
	shutdownErr     error
}

// Setup starts OTLP/gRPC export of spans and of the registry's metrics when
// OTEL_EXPORTER_OTLP_ENDPOINT (or opts.Endpoint) is set, and returns a
// disabled Provider, having created nothing at all, when it is not.
// Creating the exporters does not connect: gRPC dials on the first
// export. Call Shutdown before the process exits.
func Setup(ctx context.Context, opts Options) (*Provider, error) {
	endpoint := opts.endpoint()
	if endpoint == "" {
		return &Provider{}, nil
	}
	service := opts.serviceName()
	if opts.Registry == nil || opts.Registry.Err() != nil {
		return nil, errors.New("tracing: no valid registry")
	}
	if dna.Has(service) || dna.Has(opts.RunID) {
		return nil, errors.New("tracing: service name or run id holds a DNA sequence; choose another")
	}
	attrs := []attribute.KeyValue{attribute.String("service.name", service)}
	if opts.RunID != "" {
		attrs = append(attrs, attribute.String("run_id", opts.RunID))
	}
	if r := opts.Rank; r.WorldSize > 1 {
		attrs = append(attrs, attribute.Int("rank", r.Rank), attribute.Int("world_size", r.WorldSize))
		if r.LocalWorldSize > 0 {
			attrs = append(attrs, attribute.Int("local_rank", r.LocalRank))
		}
	}
	res := resource.NewSchemaless(attrs...)

	p := &Provider{
		reg:             opts.Registry,
		st:              &stats{},
		diag:            &diagnostics{w: opts.Diagnostics},
		shutdownTimeout: opts.ShutdownTimeout,
	}
	if p.shutdownTimeout <= 0 {
		p.shutdownTimeout = defaultShutdownTimeout
	}
	p.abortCtx, p.abort = context.WithCancel(context.Background())
	routeGlobalErrors(p.diag)

	// Retries are bounded by exportTimeout: a batch that cannot be sent
	// within it is dropped and counted rather than holding the queue.
	retry := otlptracegrpc.RetryConfig{Enabled: true, InitialInterval: time.Second, MaxInterval: 5 * time.Second, MaxElapsedTime: exportTimeout}
	traceOpts := []otlptracegrpc.Option{otlptracegrpc.WithRetry(retry)}
	metricOpts := []otlpmetricgrpc.Option{otlpmetricgrpc.WithRetry(otlpmetricgrpc.RetryConfig(retry))}
	logOpts := []otlploggrpc.Option{otlploggrpc.WithRetry(otlploggrpc.RetryConfig(retry))}
	// An Endpoint equal to the variable came from the environment (the
	// host's config read it): leave the exporters to read every variable
	// themselves, so signal-specific endpoints still apply.
	if flag := strings.TrimSpace(opts.Endpoint); flag != "" && flag != strings.TrimSpace(os.Getenv(EndpointEnv)) {
		traceOpts = append(traceOpts, otlptracegrpc.WithEndpointURL(flag))
		metricOpts = append(metricOpts, otlpmetricgrpc.WithEndpointURL(flag))
		logOpts = append(logOpts, otlploggrpc.WithEndpointURL(flag))
	}
	te, err := otlptracegrpc.New(ctx, traceOpts...)
	if err != nil {
		p.abort()
		return nil, fmt.Errorf("tracing: OTLP trace exporter: %w", err)
	}
	me, err := otlpmetricgrpc.New(ctx, metricOpts...)
	if err != nil {
		p.abort()
		_ = te.Shutdown(ctx)
		return nil, fmt.Errorf("tracing: OTLP metric exporter: %w", err)
	}

	bspOpts := []sdktrace.BatchSpanProcessorOption{sdktrace.WithExportTimeout(exportTimeout)}
	if opts.MaxQueueSize > 0 {
		bspOpts = append(bspOpts, sdktrace.WithMaxQueueSize(opts.MaxQueueSize))
	}
	if opts.BatchTimeout > 0 {
		bspOpts = append(bspOpts, sdktrace.WithBatchTimeout(opts.BatchTimeout))
	}
	p.tp = sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(endCounter{p.st}),
		sdktrace.WithSpanProcessor(sdktrace.NewBatchSpanProcessor(&spanExporter{next: te, p: p}, bspOpts...)),
	)
	p.tracer = p.tp.Tracer(scopeName)

	readerOpts := []sdkmetric.PeriodicReaderOption{
		sdkmetric.WithProducer(newFamilyProducer(schema.Families(opts.Registry), time.Now())),
		sdkmetric.WithTimeout(exportTimeout),
	}
	if opts.MetricInterval > 0 {
		readerOpts = append(readerOpts, sdkmetric.WithInterval(opts.MetricInterval))
	}
	var batcher *logBatcher
	p.lp, batcher, err = newLogPipeline(ctx, p, logOpts, res)
	if err != nil {
		p.abort()
		_ = te.Shutdown(ctx)
		_ = me.Shutdown(ctx)
		return nil, fmt.Errorf("tracing: OTLP log exporter: %w", err)
	}
	p.logs = newLogSink(p, p.lp, batcher, opts.LogQueueSize)
	p.mp = sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(res),
		sdkmetric.WithReader(sdkmetric.NewPeriodicReader(&metricExporter{next: me, p: p}, readerOpts...)),
	)
	return p, nil
}

// LogSink is the sink exporting records as OTLP log records, nil for a
// disabled Provider. The logger must be given it as one of its sinks:
// it receives records only through the redaction filter.
func (p *Provider) LogSink() *LogSink {
	if !p.Enabled() {
		return nil
	}
	return p.logs
}

// Enabled reports whether p exports anything.
func (p *Provider) Enabled() bool { return p != nil && p.tp != nil }

// Flush exports the queued spans and the current metric values, waiting
// at most until ctx is done or the shutdown timeout passes. The crash
// path calls it (or Shutdown) before the process dies.
func (p *Provider) Flush(ctx context.Context) error {
	if !p.Enabled() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, p.shutdownTimeout)
	defer cancel()
	p.logs.flushQueue(ctx)
	return errors.Join(p.tp.ForceFlush(ctx), p.lp.ForceFlush(ctx), p.mp.ForceFlush(ctx))
}

// Shutdown flushes spans and metrics and stops both pipelines, returning
// within the shutdown timeout (or ctx's earlier deadline) whatever the
// collector does: at the deadline, in-flight exports are aborted and what
// they held is counted as dropped. Later calls return the first result.
func (p *Provider) Shutdown(ctx context.Context) error {
	if !p.Enabled() {
		return nil
	}
	p.shutdownOnce.Do(func() {
		ctx, cancel := context.WithTimeout(ctx, p.shutdownTimeout)
		defer cancel()
		stop := context.AfterFunc(ctx, p.abort)
		defer stop()

		// Spans and metrics flush at the same time, each bounded by ctx.
		var wg sync.WaitGroup
		var terr, merr, lerr error
		wg.Go(func() { terr = p.tp.Shutdown(ctx) })
		wg.Go(func() { merr = p.mp.Shutdown(ctx) })
		wg.Go(func() {
			// Records still in the sink's own queue go to the SDK first.
			p.logs.close(ctx)
			lerr = p.lp.Shutdown(ctx)
		})
		wg.Wait()
		p.abort()
		p.shutdownErr = errors.Join(terr, merr, lerr)
		p.diag.reportDrops(p.Stats())
	})
	return p.shutdownErr
}
