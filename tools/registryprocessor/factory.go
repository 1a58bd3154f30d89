package registryprocessor

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/tools/registryprocessor/internal/metadata"
)

// NewFactory returns the factory of the genolewm_registry processor.
func NewFactory() processor.Factory {
	return processor.NewFactory(
		metadata.Type,
		func() component.Config { return createDefaultConfig() },
		processor.WithLogs(createLogs, metadata.LogsStability),
		processor.WithTraces(createTraces, metadata.TracesStability),
		processor.WithMetrics(createMetrics, metadata.MetricsStability),
	)
}

// instances holds one processor per configuration, so that the pipelines
// of every signal that name it share its report and table (the Collector
// hands each the same *Config).
var instances = struct {
	sync.Mutex
	m map[*Config]*registryProcessor
}{m: map[*Config]*registryProcessor{}}

func instance(set processor.Settings, cfg component.Config) (*registryProcessor, error) {
	c := cfg.(*Config)
	instances.Lock()
	defer instances.Unlock()
	if p := instances.m[c]; p != nil {
		return p, nil
	}
	p, err := newRegistryProcessor(set, c)
	if err != nil {
		return nil, err
	}
	instances.m[c] = p
	return p, nil
}

// release forgets the configuration's processor once its last pipeline has
// shut down.
func release(cfg *Config, p *registryProcessor) {
	instances.Lock()
	defer instances.Unlock()
	p.mu.Lock()
	done := p.starts == 0
	p.mu.Unlock()
	if done && instances.m[cfg] == p {
		delete(instances.m, cfg)
	}
}

func options(cfg component.Config, p *registryProcessor) []processorhelper.Option {
	return []processorhelper.Option{
		processorhelper.WithStart(p.start),
		processorhelper.WithShutdown(func(ctx context.Context) error {
			err := p.shutdown(ctx)
			release(cfg.(*Config), p)
			return err
		}),
		// Report mode passes data through unchanged.
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: p.engine.Mode() != otlprules.Report}),
	}
}

func createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	p, err := instance(set, cfg)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, p.processLogs, options(cfg, p)...)
}

func createTraces(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Traces) (processor.Traces, error) {
	p, err := instance(set, cfg)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewTraces(ctx, set, cfg, next, p.processTraces, options(cfg, p)...)
}

func createMetrics(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Metrics) (processor.Metrics, error) {
	p, err := instance(set, cfg)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewMetrics(ctx, set, cfg, next, p.processMetrics, options(cfg, p)...)
}
