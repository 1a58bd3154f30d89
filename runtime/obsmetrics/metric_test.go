package obsmetrics

import (
	"math"
	"slices"
	"sync"
	"testing"
	"unsafe"
)

func TestHistogramBuckets(t *testing.T) {
	h := newHistogram([]float64{1, 5, 10})
	for _, v := range []float64{0.5, 1, 1.0000001, 5, 9, 10, 11, math.Inf(1), math.NaN(), -3} {
		h.Observe(v)
	}
	buckets, count, sum := h.Snapshot()
	// le is inclusive: 1 goes to the first bucket, 10 to the third.
	if want := []uint64{3, 2, 2, 2}; !slices.Equal(buckets, want) {
		t.Errorf("buckets = %v, want %v", buckets, want)
	}
	if count != 9 || h.NaNs() != 1 {
		t.Errorf("count = %d, NaNs = %d; want 9 and 1", count, h.NaNs())
	}
	if !math.IsInf(sum, 1) {
		t.Errorf("sum = %v, want +Inf after observing +Inf", sum)
	}
	if !slices.Equal(h.Upper(), []float64{1, 5, 10}) {
		t.Errorf("Upper = %v", h.Upper())
	}
}

func TestHistogramSumAndConcurrency(t *testing.T) {
	h := newHistogram([]float64{10, 100})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				h.Observe(float64(g*1000 + i%200))
			}
		})
	}
	wg.Wait()
	buckets, count, sum := h.Snapshot()
	if count != 4000 {
		t.Fatalf("count = %d, want 4000 (lost updates)", count)
	}
	var want float64
	for g := range 4 {
		for i := range 1000 {
			want += float64(g*1000 + i%200)
		}
	}
	if sum != want { // integers: exact in any order
		t.Errorf("sum = %v, want %v", sum, want)
	}
	if buckets[0] != 5*11 || buckets[1] != 5*90 {
		t.Errorf("buckets = %v", buckets)
	}
}

func TestGauge(t *testing.T) {
	var g Gauge
	g.Set(-2.5)
	if g.Value() != -2.5 {
		t.Errorf("Value = %v", g.Value())
	}
	var peak Gauge
	for _, v := range []float64{3, 7, 5} {
		peak.SetMax(v)
	}
	if peak.Value() != 7 {
		t.Errorf("SetMax peak = %v, want 7", peak.Value())
	}
}

func TestFamilyDropsOutOfSetUpdates(t *testing.T) {
	d := &Desc{Kind: CounterKind, Labels: []Label{{"a", []string{"x", "y"}}, {"b", []string{"p", "q", "r"}}}}
	f := NewFamily(d)
	if d.Series() != 6 {
		t.Fatalf("Series = %d", d.Series())
	}
	f.Counter(Index2(1, 2, 2, 3)).Add(4)
	if got := d.LabelValues(Index2(1, 2, 2, 3)); !slices.Equal(got, []string{"y", "r"}) {
		t.Errorf("LabelValues = %v", got)
	}
	if f.Counter(5).Value() != 4 {
		t.Errorf("series y,r = %d", f.Counter(5).Value())
	}
	f.Counter(Index2(2, 2, 0, 3)).Inc() // a out of set
	f.Counter(Index3(0, 2, 0, 3, 1, 1)).Inc()
	f.Counter(6).Inc()
	if f.Dropped() != 3 {
		t.Errorf("Dropped = %d, want 3", f.Dropped())
	}
	for i := range 6 {
		if i != 5 && f.Counter(i).Value() != 0 {
			t.Errorf("series %d = %d: a dropped update landed", i, f.Counter(i).Value())
		}
	}
}

// TestSeriesDoNotShareCacheLines: two series of a family are at least a
// cache line apart, so goroutines updating different series do not
// contend (see cacheLine).
func TestSeriesDoNotShareCacheLines(t *testing.T) {
	c := NewFamily(&Desc{Kind: CounterKind, Labels: []Label{{"a", []string{"x", "y"}}}})
	g := NewFamily(&Desc{Kind: GaugeKind, Labels: []Label{{"a", []string{"x", "y"}}}})
	for _, d := range []uintptr{
		uintptr(unsafe.Pointer(c.Counter(1))) - uintptr(unsafe.Pointer(c.Counter(0))),
		uintptr(unsafe.Pointer(g.Gauge(1))) - uintptr(unsafe.Pointer(g.Gauge(0))),
	} {
		if d < cacheLine {
			t.Errorf("series %d bytes apart, want >= %d", d, cacheLine)
		}
	}
}
