package tracing

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strings"
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

// topLevel are the record fields that become prefixed attributes. The
// run id and the rank are the resource's; ts, severity, event, trace_id
// and span_id have fields of their own in an OTLP log record.
var topLevel = [...]string{"step", "epoch", "phase", "duration_ms", "error_code"}

// convert turns one line the filter wrote into an OTel log record, with
// the span context of its trace_id and span_id. Data values take the
// registered type of their key, since JSON writes 2.0 as 2: a float key
// stays a double in OTLP.
func convert(line []byte, reg *schema.Registry, now time.Time) (otellog.Record, trace.SpanContext, bool) {
	var rec otellog.Record
	var sc trace.SpanContext
	var top map[string]json.RawMessage
	if err := json.Unmarshal(line, &top); err != nil {
		return rec, sc, false
	}
	var name, sev, ts string
	if json.Unmarshal(top["event"], &name) != nil || json.Unmarshal(top["severity"], &sev) != nil ||
		json.Unmarshal(top["ts"], &ts) != nil {
		return rec, sc, false
	}
	ev := reg.Lookup(name)
	s, ok := schema.ParseSeverity(sev)
	if ev == nil || !ok {
		return rec, sc, false
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return rec, sc, false
	}
	rec.SetTimestamp(t)
	rec.SetObservedTimestamp(now)
	rec.SetEventName(name)
	rec.SetBody(attribute.StringValue(name))
	rec.SetSeverity(severityNumber(s))
	rec.SetSeverityText(sev)
	for _, k := range topLevel {
		raw, ok := top[k]
		if !ok {
			continue
		}
		v, ok := jsonValue(raw, 0)
		if !ok {
			return rec, sc, false
		}
		rec.AddAttributes(attribute.KeyValue{Key: attribute.Key(AttrPrefix + k), Value: v})
	}
	if tid, sid, ok := spanIDs(top); ok {
		sc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(top["data"], &data); err != nil {
		return rec, sc, false
	}
	for _, k := range sortedKeys(data) {
		kind := schema.Kind(0)
		if i := ev.FieldIndex(k); i >= 0 {
			kind = ev.Field(i).Kind
		}
		v, ok := jsonValue(data[k], kind)
		if !ok {
			return rec, sc, false
		}
		rec.AddAttributes(attribute.KeyValue{Key: attribute.Key(k), Value: v})
	}
	return rec, sc, true
}

func spanIDs(top map[string]json.RawMessage) (trace.TraceID, trace.SpanID, bool) {
	var tid trace.TraceID
	var sid trace.SpanID
	var ts, ss string
	if json.Unmarshal(top["trace_id"], &ts) != nil || json.Unmarshal(top["span_id"], &ss) != nil ||
		len(ts) != 2*len(tid) || len(ss) != 2*len(sid) {
		return tid, sid, false
	}
	if _, err := hex.Decode(tid[:], []byte(ts)); err != nil {
		return tid, sid, false
	}
	if _, err := hex.Decode(sid[:], []byte(ss)); err != nil {
		return tid, sid, false
	}
	return tid, sid, true
}

// jsonValue converts one JSON value. kind is the registered type, 0 when
// the key has none (a dynamic payload): then a number with a fraction or
// an exponent is a double and any other an int.
func jsonValue(raw json.RawMessage, kind schema.Kind) (attribute.Value, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return attribute.Value{}, false
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return attribute.Value{}, false
		}
		// NaN and the infinities are written as strings (JSON has no
		// token for them); a float key gets them back as doubles.
		if kind.Scalar() == schema.Float {
			if f, ok := specialFloat(s); ok {
				return attribute.Float64Value(f), true
			}
		}
		return attribute.StringValue(s), true
	case 't', 'f':
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return attribute.Value{}, false
		}
		return attribute.BoolValue(b), true
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			return attribute.Value{}, false
		}
		vals := make([]attribute.Value, len(elems))
		for i, e := range elems {
			v, ok := jsonValue(e, kind.Scalar())
			if !ok {
				return attribute.Value{}, false
			}
			vals[i] = v
		}
		return attribute.SliceValue(vals...), true
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return attribute.Value{}, false
		}
		kvs := make([]attribute.KeyValue, 0, len(m))
		for _, k := range sortedKeys(m) {
			v, ok := jsonValue(m[k], kind.Scalar())
			if !ok {
				return attribute.Value{}, false
			}
			kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(k), Value: v})
		}
		return attribute.MapValue(kvs...), true
	case 'n':
		return attribute.Value{}, false
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return attribute.Value{}, false
	}
	if kind.Scalar() != schema.Float && !strings.ContainsAny(n.String(), ".eE") {
		if i, err := n.Int64(); err == nil {
			return attribute.Int64Value(i), true
		}
	}
	f, err := n.Float64()
	if err != nil {
		return attribute.Value{}, false
	}
	return attribute.Float64Value(f), true
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

// sortedKeys gives attributes a stable order.
func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
