package schema

import "github.com/genolewm/obs/runtime/internal/metric"

// The runtime's own metrics. Their label sets are derived from the module
// registry (every event, every code), so they are checked structurally
// rather than compared with the core's literal values.
const (
	RedactedKeysMetric = "geno_lewm.observability.redacted_keys"
	ErrorsRaisedMetric = "geno_lewm.errors.raised"
	PeakRSSMetric      = "geno_lewm.inference.memory.peak_bytes"
	DroppedMetric      = "geno_lewm.observability.dropped"
)

// RuleNames are the values of redacted_keys' rule label, in the order of
// the filter's rules.
var RuleNames = [...]string{"allowlist", "type", "deny", "dna", "size", "value"}

// DropReason is a value of the dropped counter's reason label.
type DropReason int

// The drop reasons, in the order of the label's values.
const (
	DropLabelValue DropReason = iota
	DropObservation
	DropRecordRefused
	DropTimeout
	DropWriteError
	DropFileDeleted
	NumDropReasons
)

// DropReasonNames are the values of dropped's reason label.
var DropReasonNames = [NumDropReasons]string{"label_value", "observation", "record_refused", "timeout", "write_error", "file_deleted"}

func (d DropReason) String() string {
	if d >= 0 && d < NumDropReasons {
		return DropReasonNames[d]
	}
	return "unknown"
}

// Functions rather than methods: a user holding a *Registry (through
// observe.Registry) cannot reach them, because this package is internal.

// Families returns the registry's metric families, in registry order.
func Families(r *Registry) []*metric.Family { return append([]*metric.Family(nil), r.families...) }

// Family returns metric family i, or nil.
func Family(r *Registry, i int) *metric.Family {
	if uint(i) < uint(len(r.families)) {
		return r.families[i]
	}
	return nil
}

// CountRedacted adds n to redacted_keys{event=ev, rule=rule}.
func CountRedacted(r *Registry, ev EventID, rule int, n uint64) {
	r.redactedKeys.At(int(ev)*len(RuleNames) + rule).Add(n)
}

// CountError adds one to errors.raised{code=code}.
func CountError(r *Registry, code ErrorCode) {
	r.errorsRaised.At(int(code) - 1).Inc()
}

// CountDropped adds n to dropped{reason=why}.
func CountDropped(r *Registry, why DropReason, n uint64) {
	r.dropped.At(int(why)).Add(n)
}

// Dropped returns dropped{reason=why}.
func Dropped(r *Registry, why DropReason) uint64 {
	return r.dropped.At(int(why)).Value()
}

// PeakRSS is the process's peak-RSS gauge, or nil when the registry has
// none.
func PeakRSS(r *Registry) *metric.Gauge { return r.peakRSS }

// spare absorbs the updates of metric handles bound to a refused registry:
// nothing exports it.
var spare = metric.NewFamily(&metric.Desc{Kind: metric.CounterKind, Name: "spare", Divisor: 1})

// Spare is the family that absorbs updates nothing will export.
func Spare() *metric.Family { return spare }
