package promfile

import (
	"errors"
	"io"
	"time"

	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/obsmetrics"
	"github.com/genolewm/obs/runtime/procstat"
)

// FileName is the name of the exposition file in Options.Dir.
const FileName = "metrics.prom"

// DefaultInterval is the spec's metrics_interval_s default.
const DefaultInterval = 30 * time.Second

// Options configure an Exporter. Only Dir is required.
type Options struct {
	// Dir is the folder of metrics.prom (GENO_LEWM_LOG_DIR). It is
	// created if missing.
	Dir string
	// Interval between writes; zero means DefaultInterval.
	Interval time.Duration
	// Families to export; nil means meters.Families, every registered
	// metric.
	Families []*obsmetrics.Family
	// Refresh runs before each write to sample gauges that are read
	// rather than recorded. With nil Families, nil means
	// procstat.RecordPeakRSS; with explicit Families, nil means none.
	// Its error is reported like a write failure but does not stop the
	// write.
	Refresh func() error
	// Diagnostics receives the exporter's one-time failure report; nil
	// discards it. Programs pass os.Stderr.
	Diagnostics io.Writer
	// OnError, when set, is called with every write failure, for example
	// to log an IOError.WriteFailed record. It runs on the writing
	// goroutine, with the exporter's lock held: it must not call Flush.
	OnError func(error)
}

func (o Options) withDefaults() (Options, error) {
	if o.Dir == "" {
		return o, errors.New("promfile: Options.Dir is empty")
	}
	if o.Interval < 0 {
		return o, errors.New("promfile: Options.Interval is negative")
	}
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	}
	if o.Families == nil {
		o.Families = meters.Families
		if o.Refresh == nil {
			o.Refresh = procstat.RecordPeakRSS
		}
	}
	if o.Diagnostics == nil {
		o.Diagnostics = io.Discard
	}
	return o, nil
}
