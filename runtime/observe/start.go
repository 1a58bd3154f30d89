package observe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/promexport"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/internal/tracing"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
)

// Options are the host program's choices that are not configuration.
type Options struct {
	// Diagnostics receives the layer's own one-time reports and, with
	// format pretty, the rendered records; nil discards them. Programs
	// pass os.Stderr.
	Diagnostics io.Writer
	// ExtraSinks receive every filtered record besides the file.
	ExtraSinks []Sink
}

// Session is a running observability layer.
type Session struct {
	// Log is the logger; derive per-step loggers with Log.WithStep.
	Log Logger
	// Config is the configuration in force.
	Config Config
	// LogPath is the JSON Lines file of this run.
	LogPath string
	// MetricsPath is the Prometheus textfile (metrics.prom).
	MetricsPath string
	// WandBDir is the offline W&B run's folder (what `wandb sync` takes),
	// empty without -wandb-project.
	WandBDir string

	reg       *Registry
	wandb     *wandbrun.Sink
	tracing   *tracing.Provider
	closers   []func(context.Context) error
	closeOnce sync.Once
	closeErr  error
	closed    atomic.Bool
}

// Start opens the sinks and builds the logger from cfg, over reg, the
// module's compiled registry (its generated events.Registry()). It starts
// the Prometheus textfile exporter and, only when OTEL_EXPORTER_OTLP_ENDPOINT
// is set, OTLP export of spans, metrics and log records (INV-OBS-5). Close flushes and
// stops everything within a deadline.
func Start(ctx context.Context, reg *Registry, cfg Config, opts Options) (*Session, error) {
	if reg == nil {
		return nil, errors.New("observe: Start needs a registry; pass the generated events.Registry()")
	}
	if err := reg.Err(); err != nil {
		return nil, err
	}
	// The run id names the file: check it before anything is created.
	if err := checkRunID(cfg.RunID); err != nil {
		return nil, fmt.Errorf("observe: Config.RunID %w", err)
	}
	if err := checkDir(cfg.LogDir); err != nil {
		return nil, fmt.Errorf("observe: Config.LogDir %w", err)
	}
	if cfg.MetricsDir != "" {
		if err := checkDir(cfg.MetricsDir); err != nil {
			return nil, fmt.Errorf("observe: Config.MetricsDir %w", err)
		}
	}
	if err := cfg.Rank.Check(); err != nil {
		return nil, errors.New("observe: Config.Rank: " + err.Error())
	}
	if err := cfg.WandB.check(); err != nil {
		return nil, err
	}
	if cfg.WriteTimeout < 0 {
		return nil, errors.New("observe: Config.WriteTimeout is negative; use 0 for the default (2 s) or a positive bound")
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = sink.DefaultTimeout
	}
	file, err := sink.OpenRunFile(cfg.LogDir, logStem(cfg.RunID, cfg.Rank, cfg.LogPerRank), sink.Options{Timeout: cfg.WriteTimeout})
	if err != nil {
		return nil, err
	}
	// OTLP export of spans, metrics and log records exists only when an
	// endpoint is configured; otherwise Setup creates nothing. Its
	// Shutdown (a closer, so also run on a crash) flushes within a
	// bounded deadline. It starts before the logger: its log sink is one
	// of the logger's sinks, fed through the filter like the file.
	tp, err := tracing.Setup(ctx, tracing.Options{
		Registry:       reg,
		RunID:          cfg.RunID,
		Endpoint:       cfg.OTLPEndpoint,
		Rank:           filter.Rank(cfg.Rank),
		Diagnostics:    opts.Diagnostics,
		MetricInterval: cfg.MetricsInterval,
	})
	if err != nil {
		file.Close()
		return nil, err
	}
	sinks := []Sink{file}
	if cfg.Format == "pretty" && opts.Diagnostics != nil {
		sinks = append(sinks, sink.NewPretty(opts.Diagnostics, cfg.Level))
	}
	if ls := tp.LogSink(); ls != nil {
		sinks = append(sinks, ls)
	}
	sinks = append(sinks, opts.ExtraSinks...)
	sinks, wandb, err := withWandB(sinks, reg, cfg, opts.Diagnostics)
	if err != nil {
		_ = tp.Shutdown(ctx)
		file.Close()
		return nil, err
	}
	log, err := NewLogger(reg, LoggerOptions{
		RunID:       cfg.RunID,
		Level:       cfg.Level,
		Strict:      cfg.Strict,
		LogEvery:    cfg.LogEvery,
		Sinks:       sinks,
		Diagnostics: opts.Diagnostics,

		MaxListLen:     cfg.MaxListLen,
		MaxMapSize:     cfg.MaxMapSize,
		MaxRecordBytes: cfg.MaxRecordBytes,
		WriteTimeout:   cfg.WriteTimeout,
		Rank:           cfg.Rank,
	})
	if err != nil {
		_ = tp.Shutdown(ctx)
		file.Close()
		wandb.Abort()
		return nil, err
	}
	s := &Session{Log: log, Config: cfg, LogPath: file.Path(), reg: reg, tracing: tp, wandb: wandb}
	if wandb != nil {
		s.WandBDir = wandb.Dir()
	}
	// Closers run last first: the metrics file's final write (which may
	// log), then the logger (the file's queue), then OTLP, whose log
	// sink thus holds every record before it is flushed.
	s.closers = append(s.closers, func(ctx context.Context) error {
		// A collector that is down or hung must not fail the run: what
		// was not delivered is counted and reported on Diagnostics.
		_ = tp.Shutdown(ctx)
		return nil
	})
	s.closers = append(s.closers, func(context.Context) error { return log.Close() })
	// The Prometheus textfile, rewritten every metrics interval and on
	// Close. A failed write leaves the previous file and is logged as an
	// IOError.WriteFailed record (the component, never the path: paths
	// can name people).
	prom, err := promexport.Start(promexport.Options{
		Registry:    reg,
		Dir:         cfg.metricsDir(),
		Interval:    cfg.MetricsInterval,
		Timeout:     cfg.WriteTimeout,
		Diagnostics: opts.Diagnostics,
		Rank:        rankLabel(cfg.Rank),
		OnError: func(error) {
			_ = log.EmitError(context.Background(), "error", "IOError.WriteFailed", map[string]any{"component": "promfile"})
		},
	})
	if err != nil {
		_ = log.Close()
		_ = tp.Shutdown(ctx)
		return nil, err
	}
	s.MetricsPath = prom.Path()
	s.closers = append(s.closers, func(context.Context) error { return prom.Close() })
	// Crash records go to the same file, and a recovered panic or a
	// signal flushes this session first.
	bindCrashConfig(cfg)
	onShutdown(s.shutdown)
	return s, nil
}

// shutdown is the session's hook for a crash or a signal (see Main).
func (s *Session) shutdown(ctx context.Context, signal string) bool {
	if s.closed.Load() {
		return false
	}
	if signal != "" {
		_ = s.Log.Emit(ctx, interruptedEvent, map[string]any{"signal": signal})
	}
	_ = s.Close(ctx)
	return true
}

// SetModel names the model of the run for crash records: an error record
// written on a crash carries it (data key model). id follows the run id
// rule; an id that breaks it is an error that does not repeat it.
func (s *Session) SetModel(id string) error {
	if err := checkRunID(id); err != nil {
		return fmt.Errorf("observe: SetModel: the model id %w", err)
	}
	setTarget(func(t *target) { t.model = id })
	return nil
}

// SetStep records the current training step for crash records. It costs
// two atomic stores: call it every step.
func (s *Session) SetStep(n int64) {
	step.Store(n)
	stepSet.Store(true)
	s.wandbStep(n)
}

// TracingEnabled reports whether spans and metrics are exported over
// OTLP (OTEL_EXPORTER_OTLP_ENDPOINT is set).
func (s *Session) TracingEnabled() bool { return s.tracing.Enabled() }

// Close stops every part, the logger last so that exporters can still
// log. It is safe to call more than once; later calls return the first
// result.
func (s *Session) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		var errs []error
		for i := len(s.closers) - 1; i >= 0; i-- {
			errs = append(errs, s.closers[i](ctx))
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}
