package genimpl

import (
	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// The registry description that generated code writes.
type (
	Spec       = schema.Spec
	EventSpec  = schema.EventSpec
	Field      = schema.Field
	MetricDesc = metric.Desc
	Label      = metric.Label
)

// Vocabulary of the description and of the generated API.
type (
	Registry     = schema.Registry
	Event        = schema.Event
	Severity     = schema.Severity
	Kind         = schema.Kind
	SamplingRule = schema.SamplingRule
	ErrorCode    = schema.ErrorCode
	EventID      = schema.EventID
	MetricKind   = metric.Kind
)

// Metric series, held by the generated handles.
type (
	Counter      = metric.Counter
	Gauge        = metric.Gauge
	Histogram    = metric.Histogram
	CounterSet   = metric.CounterSet
	GaugeSet     = metric.GaugeSet
	HistogramSet = metric.HistogramSet
)

const (
	Debug = schema.Debug
	Info  = schema.Info
	Warn  = schema.Warn
	Error = schema.Error

	Unsampled     = schema.Unsampled
	EveryLogEvery = schema.EveryLogEvery
	OneIn         = schema.OneIn

	Int        = schema.Int
	Float      = schema.Float
	String     = schema.String
	Bool       = schema.Bool
	IntList    = schema.IntList
	FloatList  = schema.FloatList
	StringList = schema.StringList
	BoolList   = schema.BoolList
	IntMap     = schema.IntMap
	FloatMap   = schema.FloatMap
	StringMap  = schema.StringMap
	BoolMap    = schema.BoolMap

	CounterKind   = metric.CounterKind
	GaugeKind     = metric.GaugeKind
	HistogramKind = metric.HistogramKind

	WandBHistory = metric.WandBHistory
	WandBSummary = metric.WandBSummary
	WandBConfig  = metric.WandBConfig
)

// NewRegistry compiles spec, checked against the runtime's core registry.
// It never fails outright: a refused spec gives a registry whose Err says
// why, which observe.Start refuses.
func NewRegistry(spec *Spec) *Registry { return schema.Compile(spec, core.Spec()) }

// EventOf returns event id of r. For a refused registry, or an id out of
// range, it returns an event that no logger owns.
func EventOf(r *Registry, id EventID) *Event {
	if ev := r.Event(id); ev != nil && r.Err() == nil {
		return ev
	}
	return placeholder
}

var placeholder = func() *schema.Event {
	r := schema.Compile(core.Spec(), core.Spec())
	return r.Event(0) // owned by a registry no logger is built over
}()

// family returns metric family i of r, or a family that nothing exports.
func family(r *Registry, i int) *metric.Family {
	if f := schema.Family(r, i); f != nil && r.Err() == nil {
		return f
	}
	return schema.Spare()
}

// CountersOf returns the counter series of family i of r.
func CountersOf(r *Registry, i int) CounterSet { return family(r, i).Counters() }

// GaugesOf returns the gauge series of family i of r.
func GaugesOf(r *Registry, i int) GaugeSet { return family(r, i).Gauges() }

// HistogramsOf returns the histogram series of family i of r.
func HistogramsOf(r *Registry, i int) HistogramSet { return family(r, i).Histograms() }

// Index2 combines two label indexes into a series index, or -1 when either
// is out of its set.
func Index2(a, na, b, nb int) int { return metric.Index2(a, na, b, nb) }

// Index3 combines three label indexes into a series index, or -1.
func Index3(a, na, b, nb, c, nc int) int { return metric.Index3(a, na, b, nb, c, nc) }

// WriteValues writes field i, a categorical list[string] key, from a list
// of its generated value type, without converting the list.
func WriteValues[T ~string](w *filter.DataWriter, i int, v []T) { filter.WriteStrings(w, i, v) }
