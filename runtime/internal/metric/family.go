package metric

import (
	"sync/atomic"
	"unsafe"
)

// Family is one registered metric with all its series: one per
// combination of label values, allocated up front.
type Family struct {
	desc     *Desc
	counters []counterSlot
	gauges   []gaugeSlot
	hists    []histSlot
	dropped  atomic.Uint64
	// drops, when set, is the registry-wide count of out-of-set label
	// values (geno_lewm.observability.dropped{reason="label_value"}).
	drops *Counter

	// discard children absorb updates whose label values are out of set.
	discardCounter Counter
	discardGauge   Gauge
	discardHist    Histogram
}

// cacheLine is the cache line size on amd64 and arm64. Every series sits
// in slots that fill whole lines: without that, the counters of a labelled
// family, the single counters of two small families (cache hit and miss,
// say), or a histogram's read-mostly header and any unrelated object
// written next to it would share lines, and goroutines touching different
// data would slow each other down (false sharing; measured at 4x on
// Histogram.Observe with two goroutines). Slots whose size is a multiple
// of the line size are also line-aligned, because the Go allocator's size
// classes for such sizes are multiples of 64 within page-aligned spans.
const cacheLine = 64

type counterSlot struct {
	Counter
	_ [(cacheLine - unsafe.Sizeof(Counter{})%cacheLine) % cacheLine]byte
}

type gaugeSlot struct {
	Gauge
	_ [(cacheLine - unsafe.Sizeof(Gauge{})%cacheLine) % cacheLine]byte
}

type histSlot struct {
	Histogram
	_ [(cacheLine - unsafe.Sizeof(Histogram{})%cacheLine) % cacheLine]byte
}

// NewFamily creates the series of d. Only the registry compiler calls it,
// with a checked descriptor of its own.
func NewFamily(d *Desc) *Family {
	f := &Family{desc: d}
	n := d.Series()
	switch d.Kind {
	case CounterKind:
		f.counters = make([]counterSlot, n)
	case GaugeKind:
		f.gauges = make([]gaugeSlot, n)
	case HistogramKind:
		f.hists = make([]histSlot, n)
		for i := range f.hists {
			f.hists[i].Histogram = newHistogram(d.Buckets)
		}
		f.discardHist = newHistogram(nil)
	}
	return f
}

// CountDrops makes the family add its out-of-set label values to
// labelValue and its histograms their refused observations to
// observation, so that both are exported. Only the registry compiler calls
// it, before the family is used.
func (f *Family) CountDrops(labelValue, observation *Counter) {
	f.drops = labelValue
	for i := range f.hists {
		f.hists[i].refused = observation
	}
	// The discard histogram's observations are already counted as
	// label_value drops: not twice.
}

// drop counts an update refused for its label values.
func (f *Family) drop() {
	f.dropped.Add(1)
	if f.drops != nil {
		f.drops.Inc()
	}
}

// Desc returns the family's descriptor.
func (f *Family) Desc() *Desc { return f.desc }

// Dropped counts updates refused because a label value was out of set.
func (f *Family) Dropped() uint64 { return f.dropped.Load() }

// Counter returns series i; out of range, a discarding counter.
func (f *Family) Counter(i int) *Counter {
	if uint(i) < uint(len(f.counters)) {
		return &f.counters[i].Counter
	}
	f.drop()
	return &f.discardCounter
}

// Gauge returns series i; out of range, a discarding gauge.
func (f *Family) Gauge(i int) *Gauge {
	if uint(i) < uint(len(f.gauges)) {
		return &f.gauges[i].Gauge
	}
	f.drop()
	return &f.discardGauge
}

// Histogram returns series i; out of range, a discarding histogram.
func (f *Family) Histogram(i int) *Histogram {
	if uint(i) < uint(len(f.hists)) {
		return &f.hists[i].Histogram
	}
	f.drop()
	return &f.discardHist
}

// Index2 combines two label indexes into a series index, or -1 when either
// is out of its set.
func Index2(a, na, b, nb int) int {
	if uint(a) >= uint(na) || uint(b) >= uint(nb) {
		return -1
	}
	return a*nb + b
}

// Index3 combines three label indexes into a series index, or -1.
func Index3(a, na, b, nb, c, nc int) int {
	if uint(a) >= uint(na) || uint(b) >= uint(nb) || uint(c) >= uint(nc) {
		return -1
	}
	return (a*nb+b)*nc + c
}

// CounterSet is a family's counters as a value that a generated handle
// holds: the slots' pointer and length sit in the handle itself, so
// choosing a series costs one load fewer than going through the Family
// (which matters under contention, where every update waits for the
// previous one's cache line).
type CounterSet struct {
	slots []counterSlot
	f     *Family
}

// Counters returns the family's counter set.
func (f *Family) Counters() CounterSet { return CounterSet{f.counters, f} }

// At returns series i; out of range, a discarding counter.
func (s CounterSet) At(i int) *Counter {
	if uint(i) < uint(len(s.slots)) {
		return &s.slots[i].Counter
	}
	return s.f.Counter(i)
}

// GaugeSet is CounterSet for gauges.
type GaugeSet struct {
	slots []gaugeSlot
	f     *Family
}

// Gauges returns the family's gauge set.
func (f *Family) Gauges() GaugeSet { return GaugeSet{f.gauges, f} }

// At returns series i; out of range, a discarding gauge.
func (s GaugeSet) At(i int) *Gauge {
	if uint(i) < uint(len(s.slots)) {
		return &s.slots[i].Gauge
	}
	return s.f.Gauge(i)
}

// HistogramSet is CounterSet for histograms.
type HistogramSet struct {
	slots []histSlot
	f     *Family
}

// Histograms returns the family's histogram set.
func (f *Family) Histograms() HistogramSet { return HistogramSet{f.hists, f} }

// At returns series i; out of range, a discarding histogram.
func (s HistogramSet) At(i int) *Histogram {
	if uint(i) < uint(len(s.slots)) {
		return &s.slots[i].Histogram
	}
	return s.f.Histogram(i)
}
