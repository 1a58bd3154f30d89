package registryprocessor

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/registry"
	"github.com/genolewm/obs/runtime/otlptable"
)

// registryProcessor is one configured processor, shared by the logs,
// traces and metrics pipelines that name it (one report, one table).
type registryProcessor struct {
	engine *otlprules.Engine
	tel    *telemetry
	rep    *reporter // report mode only

	mu     sync.Mutex
	starts int
}

// loadTable is the registry the configuration names: its two files, or
// the one compiled into the collector.
func loadTable(cfg *Config) (*otlprules.Table, error) {
	if cfg.EventsFile == "" {
		return otlptable.Of(events.Registry())
	}
	reg, err := registry.LoadFiles(cfg.EventsFile, cfg.MetricsFile)
	if err != nil {
		return nil, errors.New("genolewm_registry: events_file/metrics_file: the registry does not load; run `obsgen -check` on it:\n" + err.Error())
	}
	return otlprules.Compile(otlprules.SpecFromRegistry(reg))
}

func newRegistryProcessor(set processor.Settings, cfg *Config) (*registryProcessor, error) {
	table, err := loadTable(cfg)
	if err != nil {
		return nil, err
	}
	mode, err := otlprules.ParseMode(cfg.Mode)
	if err != nil {
		return nil, err
	}
	engine, err := otlprules.NewEngine(table, otlprules.Options{Mode: mode, EventNameAttribute: cfg.EventNameAttribute})
	if err != nil {
		return nil, err
	}
	tel, err := newTelemetry(set.MeterProvider, table)
	if err != nil {
		return nil, err
	}
	p := &registryProcessor{engine: engine, tel: tel}
	if mode == otlprules.Report {
		p.rep = newReporter(cfg.Report, table, set.Logger)
	}
	return p, nil
}

// start and shutdown run once per pipeline; the report starts with the
// first and is written for the last time at the last.
func (p *registryProcessor) start(context.Context, component.Host) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.starts == 0 && p.rep != nil {
		if err := p.rep.start(); err != nil {
			return err // not started: Shutdown has nothing to stop
		}
	}
	p.starts++
	return nil
}

func (p *registryProcessor) shutdown(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.starts == 0 {
		return nil
	}
	p.starts--
	if p.starts == 0 && p.rep != nil {
		return p.rep.shutdown(ctx)
	}
	return nil
}

// observer returns the batch's counter, chained to the report's observer
// in report mode.
func (p *registryProcessor) observer(sig otlprules.Signal, size func() int) *counter {
	c := &counter{tel: p.tel, sig: sig, next: otlprules.Discard}
	if p.rep != nil {
		c.next = p.rep.report.Request(sig, size())
	}
	return c
}

func (p *registryProcessor) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	c := p.observer(otlprules.Logs, func() int { return (&plog.ProtoMarshaler{}).LogsSize(ld) })
	p.engine.Logs(ld, c)
	c.flush(ctx)
	if ld.ResourceLogs().Len() == 0 {
		return ld, processorhelper.ErrSkipProcessingData
	}
	return ld, nil
}

func (p *registryProcessor) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	c := p.observer(otlprules.Traces, func() int { return (&ptrace.ProtoMarshaler{}).TracesSize(td) })
	p.engine.Traces(td, c)
	c.flush(ctx)
	if td.ResourceSpans().Len() == 0 {
		return td, processorhelper.ErrSkipProcessingData
	}
	return td, nil
}

func (p *registryProcessor) processMetrics(ctx context.Context, md pmetric.Metrics) (pmetric.Metrics, error) {
	c := p.observer(otlprules.Metrics, func() int { return (&pmetric.ProtoMarshaler{}).MetricsSize(md) })
	p.engine.Metrics(md, c)
	c.flush(ctx)
	if md.ResourceMetrics().Len() == 0 {
		return md, processorhelper.ErrSkipProcessingData
	}
	return md, nil
}
