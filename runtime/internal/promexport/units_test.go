package promexport_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/genolewm/obs/runtime/internal/promexport"
)

// exact is the float64 nearest to the decimal value of v divided by div:
// the reference toBase must meet, computed with big.Rat.
func exact(t *testing.T, v, div float64) float64 {
	t.Helper()
	if math.IsInf(v, 0) {
		return v
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	if !ok {
		t.Fatalf("big.Rat cannot parse %v", v)
	}
	f, _ := r.Quo(r, new(big.Rat).SetFloat64(div)).Float64()
	return f
}

func TestToBaseIsExactForDecimals(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		digits := rng.IntN(7)
		v, _ := strconv.ParseFloat(strconv.FormatFloat(rng.Float64()*1e5, 'f', digits, 64), 64)
		if rng.IntN(4) == 0 {
			v = -v
		}
		if got, want := promexport.ToBase(v, 1000), exact(t, v, 1000); got != want {
			t.Fatalf("toBase(%v ms) = %v s, want %v", v, got, want)
		}
	}
}

func TestToBaseCases(t *testing.T) {
	for _, c := range []struct {
		v, div float64
		want   string
	}{
		{0.123, 1000, "0.000123"},
		{25, 1000, "0.025"},
		{0.1, 1000, "0.0001"},
		{30000, 1000, "30"},
		{1.5e300, 1000, "1.5e+297"},
		{5e-324, 1000, "0"}, // underflow: the division's answer
		{7, 1, "7"},
		{10, 4, "2.5"}, // not a power of ten: plain division
		{0, 1000, "0"},
	} {
		if got := strconv.FormatFloat(promexport.ToBase(c.v, c.div), 'g', -1, 64); got != c.want {
			t.Errorf("toBase(%v, %v) = %s, want %s", c.v, c.div, got, c.want)
		}
	}
	if !math.IsInf(promexport.ToBase(math.Inf(1), 1000), 1) || !math.IsNaN(promexport.ToBase(math.NaN(), 1000)) {
		t.Error("toBase must keep ±Inf and NaN")
	}
}
