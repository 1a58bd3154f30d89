package tracing

import (
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// AttrPrefix names the attributes that carry a record's top-level fields
// (step, epoch, phase, duration_ms, error_code): data keys are written as
// attributes under their own names, and no registered key holds a dot,
// so the two can never collide.
const AttrPrefix = "genolewm."

// tsLayout is the filter's timestamp: UTC, milliseconds.
const tsLayout = "2006-01-02T15:04:05.000Z"

// convert turns one line the filter wrote into an OTel log record, with
// the span context of its trace_id and span_id. The run id and the rank
// are the resource's. Data values take the registered type of their key,
// since JSON writes 2.0 as 2: a float key stays a double in OTLP.
//
// It reads the filter's own encoding (one object, no spaces, strings
// escaped as the filter escapes them, lists and maps of scalars) with a
// scanner of its own: encoding/json took 18 us and 78 allocations a
// record, which made the exporter, not the network, the bottleneck. A
// line it cannot read is refused whole, never forwarded half-read.
func convert(line []byte, reg *schema.Registry, now time.Time) (otellog.Record, trace.SpanContext, bool) {
	var rec otellog.Record
	var sc trace.SpanContext
	s := lineScanner{b: line}
	if !s.byte('{') {
		return rec, sc, false
	}
	var ev *schema.Event
	var tid trace.TraceID
	var sid trace.SpanID
	var hasTID, hasSID bool
	attrs := make([]attribute.KeyValue, 0, 8)
	for first := true; ; first = false {
		if s.peek() == '}' {
			break
		}
		if !first && !s.byte(',') {
			return rec, sc, false
		}
		key, ok := s.key()
		if !ok || !s.byte(':') {
			return rec, sc, false
		}
		switch string(key) { // no copy: the compiler compares the bytes
		case "ts":
			v, ok := s.str()
			t, err := time.Parse(tsLayout, v)
			if !ok || err != nil {
				return rec, sc, false
			}
			rec.SetTimestamp(t)
		case "severity":
			v, ok := s.str()
			sev, known := schema.ParseSeverity(v)
			if !ok || !known {
				return rec, sc, false
			}
			rec.SetSeverity(severityNumber(sev))
			rec.SetSeverityText(v)
		case "event":
			v, ok := s.str()
			if ev = reg.Lookup(v); !ok || ev == nil {
				return rec, sc, false
			}
			rec.SetEventName(v)
			rec.SetBody(attribute.StringValue(v))
		case "run_id", "rank", "world_size", "local_rank":
			if !s.skip() {
				return rec, sc, false
			}
		case "trace_id":
			v, ok := s.str()
			if !ok || len(v) != 2*len(tid) {
				return rec, sc, false
			}
			_, err := hex.Decode(tid[:], []byte(v))
			hasTID = err == nil
		case "span_id":
			v, ok := s.str()
			if !ok || len(v) != 2*len(sid) {
				return rec, sc, false
			}
			_, err := hex.Decode(sid[:], []byte(v))
			hasSID = err == nil
		case "data":
			if ev == nil || !s.data(ev, &attrs) {
				return rec, sc, false
			}
		default: // step, epoch, phase, duration_ms, error_code
			v, ok := s.value(0)
			if !ok {
				return rec, sc, false
			}
			attrs = append(attrs, attribute.KeyValue{Key: attribute.Key(AttrPrefix + string(key)), Value: v})
		}
	}
	if ev == nil || rec.Timestamp().IsZero() || rec.Severity() == 0 {
		return rec, sc, false
	}
	rec.SetObservedTimestamp(now)
	rec.AddAttributes(attrs...)
	if hasTID && hasSID {
		sc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})
	}
	return rec, sc, true
}

// lineScanner reads one filtered line.
type lineScanner struct {
	b []byte
	i int
}

func (s *lineScanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *lineScanner) byte(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.i++
	return true
}

// str reads a JSON string. The filter escapes only ", \, control
// characters (\n, \r, \t, \u00XX) and invalid UTF-8 (\ufffd), all of
// which strconv.Unquote reads the same way.
func (s *lineScanner) str() (string, bool) {
	if !s.byte('"') {
		return "", false
	}
	start, escaped := s.i, false
	for ; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\\':
			escaped = true
			s.i++
		case '"':
			raw := s.b[start:s.i]
			s.i++
			if !escaped {
				return string(raw), true
			}
			v, err := strconv.Unquote(`"` + string(raw) + `"`)
			return v, err == nil
		}
	}
	return "", false
}

// key reads an object key without copying it: keys are registered
// identifiers, which the filter never escapes (an escaped one is refused).
func (s *lineScanner) key() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\\':
			return nil, false
		case '"':
			s.i++
			return s.b[start : s.i-1], true
		}
	}
	return nil, false
}

// number reads a JSON number's text.
func (s *lineScanner) number() ([]byte, bool) {
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			s.i++
			continue
		}
		break
	}
	return s.b[start:s.i], s.i > start
}

// value reads one value. kind is the registered type of its key, 0 when
// it has none: then a number with a fraction or an exponent is a double
// and any other an int.
func (s *lineScanner) value(kind schema.Kind) (attribute.Value, bool) {
	switch s.peek() {
	case '"':
		v, ok := s.str()
		if ok && kind.Scalar() == schema.Float {
			// NaN and the infinities are written as strings (JSON has
			// no token for them); a float key gets them back as doubles.
			if f, special := specialFloat(v); special {
				return attribute.Float64Value(f), true
			}
		}
		return attribute.StringValue(v), ok
	case 't', 'f':
		for _, lit := range []string{"true", "false"} {
			if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
				s.i += len(lit)
				return attribute.BoolValue(lit == "true"), true
			}
		}
		return attribute.Value{}, false
	case '[':
		s.i++
		var vals []attribute.Value
		for s.peek() != ']' {
			if len(vals) > 0 && !s.byte(',') {
				return attribute.Value{}, false
			}
			v, ok := s.value(kind.Scalar())
			if !ok {
				return attribute.Value{}, false
			}
			vals = append(vals, v)
		}
		s.i++
		return attribute.SliceValue(vals...), true
	case '{':
		s.i++
		var kvs []attribute.KeyValue
		for s.peek() != '}' {
			if len(kvs) > 0 && !s.byte(',') {
				return attribute.Value{}, false
			}
			k, ok := s.str()
			if !ok || !s.byte(':') {
				return attribute.Value{}, false
			}
			v, ok := s.value(kind.Scalar())
			if !ok {
				return attribute.Value{}, false
			}
			kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(k), Value: v})
		}
		s.i++
		return attribute.MapValue(kvs...), true
	}
	num, ok := s.number()
	if !ok {
		return attribute.Value{}, false
	}
	if kind.Scalar() != schema.Float {
		if n, err := strconv.ParseInt(string(num), 10, 64); err == nil {
			return attribute.Int64Value(n), true
		}
	}
	f, err := strconv.ParseFloat(string(num), 64)
	return attribute.Float64Value(f), err == nil
}

// skip reads past one value.
func (s *lineScanner) skip() bool {
	_, ok := s.value(0)
	return ok
}

// data reads the data object into attributes named by their keys.
func (s *lineScanner) data(ev *schema.Event, attrs *[]attribute.KeyValue) bool {
	if !s.byte('{') {
		return false
	}
	for n := 0; s.peek() != '}'; n++ {
		if n > 0 && !s.byte(',') {
			return false
		}
		k, ok := s.key()
		if !ok || !s.byte(':') {
			return false
		}
		// A registered key's name comes from the registry, not a copy; a
		// dynamic payload's key is copied.
		kind, name := schema.Kind(0), ""
		if i := ev.FieldIndex(string(k)); i >= 0 {
			kind, name = ev.FieldKind(i), ev.FieldName(i)
		} else {
			name = string(k)
		}
		v, ok := s.value(kind)
		if !ok {
			return false
		}
		*attrs = append(*attrs, attribute.KeyValue{Key: attribute.Key(name), Value: v})
	}
	s.i++
	return true
}

func specialFloat(s string) (float64, bool) {
	switch s {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	return 0, false
}
