package filter

import (
	"math"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// MaxString is the longest string value written; longer ones are cut at a
// UTF-8 boundary and marked, so that one value cannot blow up a line. The
// DNA rule sees the whole string before it is cut.
const MaxString = 16 << 10

const truncMark = "...(truncated)"

const hexDigits = "0123456789abcdef"

// needsEscape marks bytes that cannot be copied into a JSON string as is.
var needsEscape = func() (t [256]bool) {
	for i := 0; i < 0x20; i++ {
		t[i] = true
	}
	t['"'], t['\\'] = true, true
	for i := 0x80; i < 0x100; i++ {
		t[i] = true // non-ASCII: validate as UTF-8
	}
	return t
}()

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// so the line stays valid JSON whatever the input.
func appendString(b []byte, s string) []byte {
	if len(s) > MaxString {
		cut := MaxString
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + truncMark
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if !needsEscape[c] {
			i++
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat writes a JSON number; NaN and infinities, which JSON cannot
// carry, are written as strings as the protobuf JSON mapping does.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, `"NaN"`...)
	case math.IsInf(v, 1):
		return append(b, `"Infinity"`...)
	case math.IsInf(v, -1):
		return append(b, `"-Infinity"`...)
	}
	// Whole numbers (step counts, sizes logged as floats) skip the
	// shortest-digits search: same output, a fraction of the cost.
	if v == math.Trunc(v) && v > -1e15 && v < 1e15 && (v != 0 || !math.Signbit(v)) {
		return strconv.AppendInt(b, int64(v), 10)
	}
	if b2, ok := appendShortDecimal(b, v); ok {
		return b2
	}
	// As JavaScript's Number#toString: plain decimals in [1e-6, 1e21),
	// exponents outside. 'f' is also a third cheaper than 'g' here.
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.AppendFloat(b, v, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// pow10 are the exact powers of ten used by appendShortDecimal.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6}

// appendShortDecimal writes v with at most six decimals when that decimal
// is exactly v: it finds the smallest k with m = v*10^k whole and m/10^k ==
// v. Both m and 10^k are exact, and IEEE division rounds correctly, so the
// decimal m/10^k parses back to v: the output is as exact as strconv's,
// at a fraction of the cost for the short decimals that losses, rates and
// scores usually are.
func appendShortDecimal(b []byte, v float64) ([]byte, bool) {
	a := math.Abs(v)
	if !(a >= 1e-6 && a < 1e9) {
		return b, false
	}
	for k := 1; k < len(pow10); k++ {
		m := v * pow10[k]
		if m != math.Trunc(m) || m/pow10[k] != v {
			continue
		}
		n := int64(m)
		if n < 0 {
			b = append(b, '-')
			n = -n
		}
		var digits [24]byte
		d := strconv.AppendInt(digits[:0], n, 10)
		// Trailing zeros say the same decimal: drop them (v*10^k can be
		// whole at a larger k than the shortest because of rounding).
		for k > 0 && d[len(d)-1] == '0' {
			d, k = d[:len(d)-1], k-1
		}
		if k == 0 {
			return append(b, d...), true
		}
		if len(d) <= k {
			b = append(b, '0', '.')
			for i := len(d); i < k; i++ {
				b = append(b, '0')
			}
			return append(b, d...), true
		}
		b = append(b, d[:len(d)-k]...)
		b = append(b, '.')
		return append(b, d[len(d)-k:]...), true
	}
	return b, false
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// tsCache holds the formatted date and time of one UTC second: formatting
// a full timestamp costs ~170 ns, a cache hit a compare and a copy.
type tsCache struct {
	sec    int64
	prefix [19]byte // 2006-01-02T15:04:05
}

var lastTS atomic.Pointer[tsCache]

// appendTS appends t as ISO-8601 UTC with millisecond resolution.
func appendTS(b []byte, t time.Time) []byte {
	sec := t.Unix()
	c := lastTS.Load()
	if c == nil || c.sec != sec {
		c = &tsCache{sec: sec}
		t.UTC().AppendFormat(c.prefix[:0], "2006-01-02T15:04:05")
		lastTS.Store(c)
	}
	b = append(b, '"')
	b = append(b, c.prefix[:]...)
	ms := t.Nanosecond() / 1e6
	return append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z', '"')
}

func appendHex(b []byte, src []byte) []byte {
	for _, c := range src {
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}
