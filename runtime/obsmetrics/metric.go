package obsmetrics

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
	upper []float64
	// counts[i] counts observations in (upper[i-1], upper[i]]; the last
	// one is the +Inf bucket. The total count is their sum, so a snapshot
	// is always consistent (+Inf bucket == count).
	counts []atomic.Uint64
	sum    atomic.Uint64 // float64 bits
	nan    atomic.Uint64
}

func newHistogram(upper []float64) Histogram {
	return Histogram{upper: upper, counts: make([]atomic.Uint64, len(upper)+1)}
}

// Observe records v, in the metric's registered unit. NaN is not recorded
// (it would poison the sum forever); it is counted in NaNs instead.
func (h *Histogram) Observe(v float64) {
	if v != v {
		h.nan.Add(1)
		return
	}
	i := 0
	for i < len(h.upper) && v > h.upper[i] {
		i++
	}
	h.counts[i].Add(1)
	for {
		old := h.sum.Load()
		if h.sum.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// NaNs returns how many NaN observations were refused.
func (h *Histogram) NaNs() uint64 { return h.nan.Load() }

// Snapshot returns the per-bucket counts (not cumulative, +Inf last), the
// total count and the sum, in the recorded unit.
func (h *Histogram) Snapshot() (buckets []uint64, count uint64, sum float64) {
	buckets = make([]uint64, len(h.counts))
	for i := range h.counts {
		buckets[i] = h.counts[i].Load()
		count += buckets[i]
	}
	return buckets, count, math.Float64frombits(h.sum.Load())
}

// Upper returns the bucket upper bounds in the recorded unit.
func (h *Histogram) Upper() []float64 { return h.upper }
