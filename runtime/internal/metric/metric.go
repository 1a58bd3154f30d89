package metric

import (
	"math"
	"sync/atomic"
)

// Counter is a monotonically increasing count. Its zero value is usable.
type Counter struct {
	v atomic.Uint64
}

// Inc adds one.
func (c *Counter) Inc() { c.v.Add(1) }

// Add adds n.
func (c *Counter) Add(n uint64) { c.v.Add(n) }

// Value returns the current count.
func (c *Counter) Value() uint64 { return c.v.Load() }

// Gauge is a value that goes up and down. Its zero value is usable.
type Gauge struct {
	bits atomic.Uint64
}

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// SetMax raises the gauge to v if v is larger (for peaks).
func (g *Gauge) SetMax(v float64) {
	for {
		old := g.bits.Load()
		if v <= math.Float64frombits(old) && old != 0 {
			return
		}
		if g.bits.CompareAndSwap(old, math.Float64bits(v)) {
			return
		}
	}
}

// Value returns the current value.
func (g *Gauge) Value() float64 { return math.Float64frombits(g.bits.Load()) }

// Histogram counts observations into fixed buckets.
type Histogram struct {
	// upper and cells are set once and only read afterwards: everything
	// an observation writes lives in cells' backing array, so goroutines
	// observing concurrently never invalidate the line that holds these
	// slice headers.
	upper []float64
	// cells[i], i <= len(upper), counts observations in
	// (upper[i-1], upper[i]]; cells[len(upper)] is the +Inf bucket. The
	// total count is their sum, so a snapshot always has +Inf == count.
	// Then come the sum (float64 bits), the refused NaNs and the other
	// refused observations (infinities, negative values).
	cells []atomic.Uint64
	// refused, when set, is the registry-wide count of refused
	// observations (geno_lewm.observability.dropped{reason="observation"}),
	// so that refusals are exported, not only counted here.
	refused *Counter
}

func newHistogram(upper []float64) Histogram {
	// Capacity in whole cache lines, so that the cells have their lines to
	// themselves (see cacheLine).
	const perLine = cacheLine / 8
	n := len(upper) + 4
	return Histogram{upper: upper, cells: make([]atomic.Uint64, n, (n+perLine-1)/perLine*perLine)}
}

func (h *Histogram) sumCell() *atomic.Uint64     { return &h.cells[len(h.upper)+1] }
func (h *Histogram) nanCell() *atomic.Uint64     { return &h.cells[len(h.upper)+2] }
func (h *Histogram) refusedCell() *atomic.Uint64 { return &h.cells[len(h.upper)+3] }

// Observe records v, in the metric's registered unit. NaN, infinities and
// negative values are not recorded: one of them would poison the sum for
// the rest of the run (+Inf and -Inf make it NaN), and every registered
// histogram measures a duration or a size. They are counted instead
// (NaNs, Refused, and the registry's dropped{reason="observation"}).
func (h *Histogram) Observe(v float64) {
	// One comparison pair rejects all three: NaN fails both, -Inf and
	// negatives the first, +Inf the second.
	if !(v >= 0 && v <= math.MaxFloat64) {
		h.refuse(v)
		return
	}
	i := 0
	for i < len(h.upper) && v > h.upper[i] {
		i++
	}
	h.cells[i].Add(1)
	sum := h.sumCell()
	for {
		old := sum.Load()
		if sum.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// refuse counts a refused observation; it is off the hot path.
func (h *Histogram) refuse(v float64) {
	if v != v {
		h.nanCell().Add(1)
	} else {
		h.refusedCell().Add(1)
	}
	if h.refused != nil {
		h.refused.Inc()
	}
}

// NaNs returns how many NaN observations were refused.
func (h *Histogram) NaNs() uint64 { return h.nanCell().Load() }

// Refused returns how many observations were refused: NaNs, infinities
// and negative values.
func (h *Histogram) Refused() uint64 { return h.nanCell().Load() + h.refusedCell().Load() }

// Snapshot returns the per-bucket counts (not cumulative, +Inf last), the
// total count and the sum, in the recorded unit. It takes no lock: the
// buckets always agree with the count, but the sum may include or miss an
// observation that is being recorded during the snapshot.
func (h *Histogram) Snapshot() (buckets []uint64, count uint64, sum float64) {
	buckets = make([]uint64, len(h.upper)+1)
	for i := range buckets {
		buckets[i] = h.cells[i].Load()
		count += buckets[i]
	}
	return buckets, count, math.Float64frombits(h.sumCell().Load())
}

// CountSum returns the total count and the sum, as Snapshot does, without
// allocating the buckets.
func (h *Histogram) CountSum() (count uint64, sum float64) {
	for i := 0; i <= len(h.upper); i++ {
		count += h.cells[i].Load()
	}
	return count, math.Float64frombits(h.sumCell().Load())
}

// Upper returns the bucket upper bounds in the recorded unit.
func (h *Histogram) Upper() []float64 { return h.upper }
