package metric

// Kind is a metric kind.
type Kind uint8

const (
	CounterKind Kind = iota + 1
	GaugeKind
	HistogramKind
)

func (k Kind) String() string {
	switch k {
	case CounterKind:
		return "counter"
	case GaugeKind:
		return "gauge"
	case HistogramKind:
		return "histogram"
	}
	return "unknown"
}

// WandBRole is what the W&B sink makes of an event's records or a
// metric's values, as the registry marks it: nothing, history rows, the
// run's summary or its config (metrics: history or summary only).
type WandBRole uint8

const (
	WandBNone WandBRole = iota
	WandBHistory
	WandBSummary
	WandBConfig
)

// Label is a metric label and its bounded value set.
type Label struct {
	Name   string
	Values []string
}

// Desc describes one registered metric, as generated from the registry.
type Desc struct {
	// Name is the dotted registry name (and the OpenTelemetry name).
	Name string
	// PromName is the Prometheus exposition name, in base units.
	PromName string
	Help     string
	Kind     Kind
	// Unit is the registry unit, UCUM its OpenTelemetry form.
	Unit string
	UCUM string
	// Divisor converts recorded values to the Prometheus base unit:
	// exposed = recorded / Divisor (1000 for ms to seconds). Exporters
	// shift the decimal point for a power of ten rather than divide in
	// binary, which would turn 0.123 ms into 0.00012299999999999998 s
	// (runtime/internal/promexport).
	Divisor float64
	// Buckets are histogram upper bounds in the recorded unit.
	Buckets []float64
	Labels  []Label
	// Deprecated is the deprecation note, empty when the metric is current.
	Deprecated string
	// WandB is WandBHistory or WandBSummary when the W&B sink forwards the
	// metric's values.
	WandB WandBRole
}

// Series is the number of label-value combinations of d.
func (d *Desc) Series() int {
	n := 1
	for _, l := range d.Labels {
		n *= len(l.Values)
	}
	return n
}

// LabelValues returns the label values of series i, in label order.
func (d *Desc) LabelValues(i int) []string {
	vals := make([]string, len(d.Labels))
	for j := len(d.Labels) - 1; j >= 0; j-- {
		n := len(d.Labels[j].Values)
		vals[j] = d.Labels[j].Values[i%n]
		i /= n
	}
	return vals
}
