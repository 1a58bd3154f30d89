package metric

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

// TestSeriesHaveTheirOwnCacheLines: every series, a histogram's header
// and its cells start on a cache line and fill whole lines, so that no
// two goroutines writing different data contend (see cacheLine).
func TestSeriesHaveTheirOwnCacheLines(t *testing.T) {
	for _, size := range []uintptr{unsafe.Sizeof(counterSlot{}), unsafe.Sizeof(gaugeSlot{}), unsafe.Sizeof(histSlot{})} {
		if size%cacheLine != 0 {
			t.Errorf("slot of %d bytes is not whole cache lines", size)
		}
	}
	labels := []Label{{"a", []string{"x", "y", "z"}}}
	c := NewFamily(&Desc{Kind: CounterKind, Labels: labels})
	g := NewFamily(&Desc{Kind: GaugeKind, Labels: labels})
	h := NewFamily(&Desc{Kind: HistogramKind, Labels: labels, Buckets: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}})
	for i := range 3 {
		for what, p := range map[string]unsafe.Pointer{
			"counter":           unsafe.Pointer(c.Counter(i)),
			"gauge":             unsafe.Pointer(g.Gauge(i)),
			"histogram header":  unsafe.Pointer(h.Histogram(i)),
			"histogram buckets": unsafe.Pointer(&h.Histogram(i).cells[0]),
		} {
			if uintptr(p)%cacheLine != 0 {
				t.Errorf("%s %d at %#x is not cache-line aligned", what, i, uintptr(p))
			}
		}
		if n := cap(h.Histogram(i).cells) * 8; n%cacheLine != 0 {
			t.Errorf("histogram cells take %d bytes, not whole lines", n)
		}
	}
}
