package filter

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"
)

func TestAppendStringIsJSON(t *testing.T) {
	for _, s := range []string{"plain", "q\"b\\", "\x00\x01\x1f", "\xff\xfe", "é🧬", "\u2028"} {
		var got string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Errorf("%q: not JSON: %v", s, err)
		}
	}
}

func TestAppendTS(t *testing.T) {
	ts := time.Date(2026, 5, 20, 15, 42, 1, 123_999_999, time.FixedZone("X", 3600))
	if got := string(appendTS(nil, ts)); got != `"2026-05-20T14:42:01.123Z"` {
		t.Errorf("appendTS = %s", got)
	}
	// The per-second cache must not serve a stale second.
	if got := string(appendTS(nil, ts.Add(time.Second))); got != `"2026-05-20T14:42:02.123Z"` {
		t.Errorf("next second = %s", got)
	}
}

func TestAppendFloat(t *testing.T) {
	for v, want := range map[float64]string{
		1: "1", 0.5: "0.5", -3: "-3", 1e21: "1e+21", math.NaN(): `"NaN"`, math.Inf(1): `"Infinity"`,
		math.Copysign(0, -1): "-0", 12345678901234: "12345678901234",
	} {
		if got := string(appendFloat(nil, v)); got != want {
			t.Errorf("appendFloat(%v) = %s, want %s", v, got, want)
		}
	}
}

// TestShortDecimalRoundTrips checks the fast path against strconv: the
// text must parse back to the same float and equal strconv's shortest
// form.
func TestShortDecimalRoundTrips(t *testing.T) {
	vals := []float64{0.4123, 0.0412, 3e-4, 1.07, 1612.5, -2.75, 0.1, 0.2, 0.3, 1.0 / 3, 123456.789, 1e-6, 0.000001234}
	for i := 0; i < 100000; i++ {
		vals = append(vals, float64(i)/997, float64(i)*0.001, -float64(i)/8, float64(i%1000)/1e6)
	}
	for _, v := range vals {
		got := appendFloat(nil, v)
		back, err := strconv.ParseFloat(string(got), 64)
		if err != nil || back != v {
			t.Fatalf("appendFloat(%v) = %s, parses back to %v (%v)", v, got, back, err)
		}
		if want := strconv.FormatFloat(v, 'f', -1, 64); math.Abs(v) >= 1e-6 && string(got) != want {
			t.Fatalf("appendFloat(%v) = %s, strconv says %s", v, got, want)
		}
	}
}

// BenchmarkDNA compares the byte loop with the spec's regexp on a
// 30-character sequence.
