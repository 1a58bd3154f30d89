package promexport

import (
	"bytes"
	"math"
	"strconv"
)

// toBase converts v, recorded in a family's unit, to its base unit:
// v / div. When div is a power of ten (1000 for ms to seconds) the
// decimal point is shifted instead of dividing: the result is the float64
// nearest to the decimal value of v shifted by k places, so 0.123 ms is
// exposed as 0.000123, never 0.00012299999999999998 — which a plain
// float division gives for about one decimal in five.
func toBase(v, div float64) float64 {
	if div == 1 || v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	k, ok := log10Exact(div)
	if !ok {
		return v / div
	}
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], v, 'e', -1, 64) // shortest: "-2.5e+01"
	e := bytes.IndexByte(b, 'e')
	exp, err := strconv.Atoi(string(b[e+1:]))
	if err != nil {
		return v / div
	}
	b = strconv.AppendInt(b[:e+1], int64(exp-k), 10)
	r, err := strconv.ParseFloat(string(b), 64)
	if err != nil { // out of range: the division is as good as anything
		return v / div
	}
	return r
}

// log10Exact returns k when d == 10^k exactly, for the powers of ten that
// a float64 holds exactly.
func log10Exact(d float64) (int, bool) {
	for k := 1; k <= 22; k++ {
		if d == math.Pow10(k) {
			return k, true
		}
	}
	return 0, false
}
