package filter

import (
	"sort"
	"strconv"

	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// DataWriter builds the data object of one record. The typed methods take
// the index of the key in the event's allowlist, as generated code does:
// the key is registered by construction, and its kind is checked again
// here so that a stale or hand-written caller still cannot smuggle a value
// of another type.
type DataWriter struct {
	f         *Filter
	ev        *event
	buf       []byte
	dataStart int
	n         int // keys written
	res       Result
	foreign   bool
	code      schema.ErrorCode
	written   uint64 // bit i: field i was written
	rec       Record
}

// Event returns the event of the record being written (nil for one that
// is not the registry's).
func (w *DataWriter) Event() *schema.Event {
	if w.ev == nil {
		return nil // released: committed already
	}
	return w.ev.src
}

// Code returns the record's error code (0 for none).
func (w *DataWriter) Code() schema.ErrorCode { return w.code }

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// key starts field i if it is registered with kind k; it returns false and
// counts a drop otherwise.
func (w *DataWriter) key(i int, k schema.Kind) bool {
	if uint(i) >= uint(len(w.ev.fields)) {
		w.res.Dropped[RuleAllowlist]++
		return false
	}
	if w.ev.fields[i].Kind != k {
		w.res.Dropped[RuleType]++
		return false
	}
	if w.written&(1<<uint(i)) != 0 {
		// The same key twice would be a duplicate JSON key.
		w.res.Dropped[RuleAllowlist]++
		return false
	}
	w.written |= 1 << uint(i)
	w.startKey(w.ev.fields[i].Name)
	return true
}

func (w *DataWriter) startKey(name string) {
	if w.n > 0 {
		w.buf = append(w.buf, ',')
	}
	w.n++
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '"', ':')
}

// Int writes field i, registered as int.
func (w *DataWriter) Int(i int, v int64) {
	if w.key(i, schema.Int) {
		w.buf = appendInt(w.buf, v)
	}
}

// Float writes field i, registered as float.
func (w *DataWriter) Float(i int, v float64) {
	if w.key(i, schema.Float) {
		w.buf = appendFloat(w.buf, v)
	}
}

// Bool writes field i, registered as bool.
func (w *DataWriter) Bool(i int, v bool) {
	if w.key(i, schema.Bool) {
		w.buf = appendBool(w.buf, v)
	}
}

// String writes field i, registered as string, unless v holds DNA or the
// key is categorical and v is not one of its values.
func (w *DataWriter) String(i int, v string) {
	if dna.Has(v) {
		w.res.Dropped[RuleDNA]++
		return
	}
	if !w.inSet(i, schema.String, v) {
		w.res.Dropped[RuleValue]++
		return
	}
	if w.key(i, schema.String) {
		w.buf = appendString(w.buf, v)
	}
}

// IntList writes field i, registered as list[int].
func (w *DataWriter) IntList(i int, v []int64) { writeList(w, i, schema.IntList, v, appendInt) }

// FloatList writes field i, registered as list[float].
func (w *DataWriter) FloatList(i int, v []float64) {
	writeList(w, i, schema.FloatList, v, appendFloat)
}

// BoolList writes field i, registered as list[bool].
func (w *DataWriter) BoolList(i int, v []bool) { writeList(w, i, schema.BoolList, v, appendBool) }

// StringList writes field i, registered as list[string]. If any element
// holds DNA the whole key is dropped: a list with holes would mislead.
func (w *DataWriter) StringList(i int, v []string) { WriteStrings(w, i, v) }

// WriteStrings is StringList for a list of any string type (the typed
// values of a categorical key in generated code), without converting the
// list. If any element holds DNA or is outside the key's value set, the
// whole key is dropped.
func WriteStrings[T ~string](w *DataWriter, i int, v []T) {
	if len(v) > w.f.maxList {
		w.res.Dropped[RuleSize]++
		return
	}
	for _, s := range v {
		if dna.Has(string(s)) {
			w.res.Dropped[RuleDNA]++
			return
		}
	}
	for _, s := range v {
		if !w.inSet(i, schema.StringList, string(s)) {
			w.res.Dropped[RuleValue]++
			return
		}
	}
	writeList(w, i, schema.StringList, v, appendTypedString[T])
}

func appendTypedString[T ~string](b []byte, s T) []byte { return appendString(b, string(s)) }

// inSet reports whether v may be written to field i, registered as k:
// true unless the field is registered as k with a value set that lacks
// v (an unregistered index or another kind is key's to count).
func (w *DataWriter) inSet(i int, k schema.Kind, v string) bool {
	if uint(i) >= uint(len(w.ev.fields)) || w.ev.fields[i].Kind != k {
		return true
	}
	return w.ev.fields[i].Allows(v)
}

func writeList[V any](w *DataWriter, i int, k schema.Kind, v []V, enc func([]byte, V) []byte) {
	if len(v) > w.f.maxList {
		w.res.Dropped[RuleSize]++
		return
	}
	if !w.key(i, k) {
		return
	}
	w.buf = append(w.buf, '[')
	for j, x := range v {
		if j > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = enc(w.buf, x)
		if w.overCap() {
			break // refused at finish: stop growing the buffer
		}
	}
	w.buf = append(w.buf, ']')
}

// overCap reports whether the record is already longer than the record
// cap, and marks it: finish refuses it whole.
func (w *DataWriter) overCap() bool {
	if len(w.buf) > w.f.maxRecord {
		w.res.TooLarge = true
		return true
	}
	return false
}

// sortedKeys returns m's keys in order, in a stack buffer when small, so
// that map fields encode deterministically.
func sortedKeys[V any](m map[string]V, scratch []string) []string {
	keys := scratch[:0]
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mapKeysHaveDNA reports whether any key of m holds DNA.
func mapKeysHaveDNA[V any](m map[string]V) bool {
	for k := range m {
		if dna.Has(k) {
			return true
		}
	}
	return false
}

// mapKeysDenied reports whether any key of m is a personal-data key: a
// map {"sample_id": ...} carries the field the deny list exists for.
func mapKeysDenied[V any](r *schema.Registry, m map[string]V) bool {
	for k := range m {
		if r.Denied(k) {
			return true
		}
	}
	return false
}

// IntMap writes field i, registered as map[int].
func (w *DataWriter) IntMap(i int, v map[string]int64) {
	writeMap(w, i, schema.IntMap, v, appendInt, nil)
}

// FloatMap writes field i, registered as map[float].
func (w *DataWriter) FloatMap(i int, v map[string]float64) {
	writeMap(w, i, schema.FloatMap, v, appendFloat, nil)
}

// BoolMap writes field i, registered as map[bool].
func (w *DataWriter) BoolMap(i int, v map[string]bool) {
	writeMap(w, i, schema.BoolMap, v, appendBool, nil)
}

// StringMap writes field i, registered as map[string].
func (w *DataWriter) StringMap(i int, v map[string]string) {
	writeMap(w, i, schema.StringMap, v, appendString, dna.Has)
}

func writeMap[V any](w *DataWriter, i int, k schema.Kind, m map[string]V, enc func([]byte, V) []byte, hasDNA func(V) bool) {
	if len(m) > w.f.maxMap {
		w.res.Dropped[RuleSize]++
		return
	}
	if mapKeysDenied(w.f.reg, m) {
		w.res.Dropped[RuleDeny]++
		return
	}
	if mapKeysHaveDNA(m) {
		w.res.Dropped[RuleDNA]++
		return
	}
	if hasDNA != nil {
		for _, v := range m {
			if hasDNA(v) {
				w.res.Dropped[RuleDNA]++
				return
			}
		}
	}
	if !w.key(i, k) {
		return
	}
	var scratch [16]string
	w.buf = append(w.buf, '{')
	for j, key := range sortedKeys(m, scratch[:]) {
		if j > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = appendString(w.buf, key)
		w.buf = append(w.buf, ':')
		w.buf = enc(w.buf, m[key])
		if w.overCap() {
			break
		}
	}
	w.buf = append(w.buf, '}')
}
