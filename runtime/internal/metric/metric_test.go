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
	// le is inclusive: 1 goes to the first bucket, 10 to the third. +Inf,
	// NaN and -3 are refused: one infinity of each sign would leave the
	// sum NaN for the rest of the run, and nothing measured is negative.
	if want := []uint64{2, 2, 2, 1}; !slices.Equal(buckets, want) {
		t.Errorf("buckets = %v, want %v", buckets, want)
	}
	if count != 7 || h.NaNs() != 1 || h.Refused() != 3 {
		t.Errorf("count = %d, NaNs = %d, Refused = %d; want 7, 1 and 3", count, h.NaNs(), h.Refused())
	}
	if sum != 37.5000001 {
		t.Errorf("sum = %v, want 37.5000001", sum)
	}
	if !slices.Equal(h.Upper(), []float64{1, 5, 10}) {
		t.Errorf("Upper = %v", h.Upper())
	}
}

// TestRefusalsAreCountedWhereExported: a family bound to drop counters
// adds its out-of-set updates and refused observations to them.
func TestRefusalsAreCountedWhereExported(t *testing.T) {
	f := NewFamily(&Desc{Name: "h", Kind: HistogramKind, Buckets: []float64{1},
		Labels: []Label{{Name: "l", Values: []string{"a"}}}})
	var labelValue, observation Counter
	f.CountDrops(&labelValue, &observation)
	h := f.Histogram(0)
	for _, v := range []float64{math.Inf(1), math.Inf(-1), -1e-300, math.NaN(), 0, 1} {
		h.Observe(v)
	}
	f.Histogram(1).Observe(1) // out of set: counted once, as a label value
	if labelValue.Value() != 1 || observation.Value() != 4 {
		t.Errorf("label_value = %d, observation = %d; want 1 and 4", labelValue.Value(), observation.Value())
	}
	if _, count, sum := h.Snapshot(); count != 2 || sum != 1 {
		t.Errorf("count %d, sum %v: want 2 and 1", count, sum)
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
