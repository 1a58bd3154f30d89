package filter

import (
	"math"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// Payload writes a dynamic payload, for data only known at run time. Keys
// are written in registry order, whatever the map's order; every rule
// applies, in the documented order: deny list, allowlist, type, DNA.
func (w *DataWriter) Payload(data map[string]any) {
	// Keys outside the allowlist: deny list first, so that personal-data
	// keys are counted as such.
	for k := range data {
		if w.f.reg.Denied(k) {
			w.res.Dropped[RuleDeny]++
		} else if w.ev.fieldIndex(k) < 0 {
			w.res.Dropped[RuleAllowlist]++
		}
	}
	// Allowlisted keys are never denied: NewFilter checked the table.
	for i := range w.ev.fields {
		fd := &w.ev.fields[i]
		if v, ok := data[fd.Name]; ok {
			w.value(i, fd.Kind, v)
		}
	}
}

// value writes one dynamic value of field i after the type and DNA rules.
func (w *DataWriter) value(i int, k schema.Kind, v any) {
	if k.IsList() {
		w.list(i, k, v)
		return
	}
	if k.IsMap() {
		w.dict(i, k, v)
		return
	}
	switch k {
	case schema.Int:
		if n, ok := asInt(v); ok {
			w.Int(i, n)
			return
		}
	case schema.Float:
		if x, ok := asFloat(v); ok {
			w.Float(i, x)
			return
		}
	case schema.String:
		if s, ok := asString(v); ok {
			w.String(i, s)
			return
		}
	case schema.Bool:
		if b, ok := v.(bool); ok {
			w.Bool(i, b)
			return
		}
	}
	w.res.Dropped[RuleType]++
}

func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int8:
		return int64(n), true
	case int16:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint:
		if uint64(n) <= math.MaxInt64 {
			return int64(n), true
		}
	case uint64:
		if n <= math.MaxInt64 {
			return int64(n), true
		}
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	if n, ok := asInt(v); ok {
		return float64(n), true
	}
	return 0, false
}

// asString accepts strings and error values: an error message is a string
// like any other and goes through the DNA rule. []byte is never a string
// here: bytes objects are always dropped.
func asString(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case error:
		return errorString(s)
	}
	return "", false
}

// errorString calls Error, which is caller code: a typed nil or a method
// that panics must not take the logging call down with it.
func errorString(e error) (s string, ok bool) {
	if e == nil {
		return "", false
	}
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	return e.Error(), true
}

func asScalar(k schema.Kind, v any) (any, bool) {
	switch k {
	case schema.Int:
		return asInt(v)
	case schema.Float:
		return asFloat(v)
	case schema.String:
		return asString(v)
	case schema.Bool:
		b, ok := v.(bool)
		return b, ok
	}
	return nil, false
}

// list converts a dynamic list to its registered element type. The cap
// is checked before any conversion, so that a huge list costs nothing.
func (w *DataWriter) list(i int, k schema.Kind, v any) {
	switch x := v.(type) {
	case []int:
		if len(x) > w.f.maxList {
			w.res.Dropped[RuleSize]++
			return
		}
	case []any:
		if len(x) > w.f.maxList {
			w.res.Dropped[RuleSize]++
			return
		}
	}
	switch x := v.(type) {
	case []int64:
		if k == schema.IntList {
			w.IntList(i, x)
			return
		}
	case []float64:
		if k == schema.FloatList {
			w.FloatList(i, x)
			return
		}
	case []string:
		if k == schema.StringList {
			w.StringList(i, x)
			return
		}
	case []bool:
		if k == schema.BoolList {
			w.BoolList(i, x)
			return
		}
	case []int:
		if k == schema.IntList {
			out := make([]int64, len(x))
			for j, n := range x {
				out[j] = int64(n)
			}
			w.IntList(i, out)
			return
		}
	case []any:
		elem := k.Scalar()
		conv := make([]any, len(x))
		for j, e := range x {
			s, ok := asScalar(elem, e)
			if !ok {
				w.res.Dropped[RuleType]++
				return
			}
			conv[j] = s
		}
		switch k {
		case schema.IntList:
			w.IntList(i, convert[int64](conv))
		case schema.FloatList:
			w.FloatList(i, convert[float64](conv))
		case schema.StringList:
			w.StringList(i, convert[string](conv))
		case schema.BoolList:
			w.BoolList(i, convert[bool](conv))
		}
		return
	}
	w.res.Dropped[RuleType]++
}

func convert[T any](in []any) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = v.(T)
	}
	return out
}

// dict converts a dynamic shallow map to its registered element type,
// after the size cap.
func (w *DataWriter) dict(i int, k schema.Kind, v any) {
	switch x := v.(type) {
	case map[string]int:
		if len(x) > w.f.maxMap {
			w.res.Dropped[RuleSize]++
			return
		}
	case map[string]any:
		if len(x) > w.f.maxMap {
			w.res.Dropped[RuleSize]++
			return
		}
	}
	switch x := v.(type) {
	case map[string]int64:
		if k == schema.IntMap {
			w.IntMap(i, x)
			return
		}
	case map[string]float64:
		if k == schema.FloatMap {
			w.FloatMap(i, x)
			return
		}
	case map[string]string:
		if k == schema.StringMap {
			w.StringMap(i, x)
			return
		}
	case map[string]bool:
		if k == schema.BoolMap {
			w.BoolMap(i, x)
			return
		}
	case map[string]int:
		if k == schema.IntMap {
			out := make(map[string]int64, len(x))
			for key, n := range x {
				out[key] = int64(n)
			}
			w.IntMap(i, out)
			return
		}
	case map[string]any:
		elem := k.Scalar()
		conv := make(map[string]any, len(x))
		for key, e := range x {
			s, ok := asScalar(elem, e) // nested maps and lists fail here: maps are shallow
			if !ok {
				w.res.Dropped[RuleType]++
				return
			}
			conv[key] = s
		}
		switch k {
		case schema.IntMap:
			w.IntMap(i, convertMap[int64](conv))
		case schema.FloatMap:
			w.FloatMap(i, convertMap[float64](conv))
		case schema.StringMap:
			w.StringMap(i, convertMap[string](conv))
		case schema.BoolMap:
			w.BoolMap(i, convertMap[bool](conv))
		}
		return
	}
	w.res.Dropped[RuleType]++
}

func convertMap[T any](in map[string]any) map[string]T {
	out := make(map[string]T, len(in))
	for k, v := range in {
		out[k] = v.(T)
	}
	return out
}
