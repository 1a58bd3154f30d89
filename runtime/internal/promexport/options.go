package promexport

import (
	"errors"
	"io"
	"time"

	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// FileName is the name of the exposition file in Options.Dir.
const FileName = "metrics.prom"

// RankLabel is the label that tells the ranks of a multi-process run
// apart. The registry reserves it: no registered metric may carry it.
const RankLabel = "rank"

// RankFileName is the exposition file of one rank of a multi-process run.
func RankFileName(rank string) string {
	if rank == "" {
		return FileName
	}
	return "metrics.rank-" + rank + ".prom"
}

// DefaultInterval is the spec's metrics_interval_s default.
const DefaultInterval = 30 * time.Second

// Options configure an Exporter. Only Dir is required.
type Options struct {
	// Dir is the folder of metrics.prom (GENO_LEWM_LOG_DIR). It is
	// created if missing.
	Dir string
	// Interval between writes; zero means DefaultInterval.
	Interval time.Duration
	// Registry is the compiled registry whose families are exported,
	// unless Families is set.
	Registry *schema.Registry
	// Families to export; nil means every family of Registry.
	Families []*metric.Family
	// Refresh runs before each write to sample gauges that are read
	// rather than recorded. With Registry set and nil Refresh, it raises
	// the registry's peak-RSS gauge, if it has one.
	// Its error is reported like a write failure but does not stop the
	// write.
	Refresh func() error
	// Diagnostics receives the exporter's one-time failure report; nil
	// discards it. Programs pass os.Stderr. The report is queued (package
	// diag): a stalled stderr never holds up a write.
	Diagnostics io.Writer
	// OnError, when set, is called with every write failure, for example
	// to log an IOError.WriteFailed record. It runs with no lock of the
	// exporter held.
	OnError func(error)
	// Rank, in a multi-process run, is this process's rank in decimal:
	// the file is then RankFileName(Rank) and every series carries the
	// label rank=Rank. Empty for a single process (metrics.prom).
	Rank string
	// Timeout bounds every wait of Flush and Close (GENO_LEWM_WRITE_TIMEOUT_S);
	// zero means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout is the default bound on a write of metrics.prom.
const DefaultTimeout = 2 * time.Second

func (o Options) withDefaults() (Options, error) {
	if o.Dir == "" {
		return o, errors.New("promexport: Options.Dir is empty")
	}
	if o.Interval < 0 {
		return o, errors.New("promexport: Options.Interval is negative")
	}
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	}
	if o.Families == nil {
		if o.Registry == nil || o.Registry.Err() != nil {
			return o, errors.New("promexport: no valid registry and no families")
		}
		o.Families = schema.Families(o.Registry)
		if g := schema.PeakRSS(o.Registry); g != nil && o.Refresh == nil {
			o.Refresh = func() error { return RecordPeakRSS(g) }
		}
	}
	for _, c := range o.Rank {
		if c < '0' || c > '9' || len(o.Rank) > 7 {
			return o, errors.New("promexport: Options.Rank is not a decimal rank")
		}
	}
	if o.Timeout < 0 {
		return o, errors.New("promexport: Options.Timeout is negative")
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	return o, nil
}
