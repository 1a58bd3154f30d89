package otlprules

import (
	"strings"

	"github.com/genolewm/obs/registry"
)

// SpecFromRegistry reads the rules out of a loaded registry (events.yaml
// and metrics.yaml, the core merged in: registry.LoadFiles). It derives
// the spans as the runtime's compiler does (runtime/internal/schema): one
// per histogram in ms named NAMESPACE.OP.duration, whose attributes are
// step, epoch and phase and the keys of the events named OP or OP.*, less
// variant_id, which never leaves the machine on a span. For this
// repository's registry the result equals runtime/otlptable's reading of
// the generated tables; a test holds them equal.
func SpecFromRegistry(r *registry.Registry) *Spec {
	spec := &Spec{Version: r.Version, CoreVersion: r.CoreVersion}
	for _, k := range r.DenyKeys {
		spec.DenyKeys = append(spec.DenyKeys, k.Value)
	}
	for _, c := range r.ErrorCodes {
		spec.Codes = append(spec.Codes, c.Code)
	}
	for _, ev := range r.Events {
		sev, _ := ParseSeverity(ev.Severity)
		es := EventSpec{Name: ev.Name, Severity: sev}
		for _, f := range ev.Fields {
			es.Fields = append(es.Fields, FieldSpec{Name: f.Name, Kind: kindOf(f.T), Required: f.Required, Values: f.ValueStrings()})
		}
		for _, c := range ev.ErrorCodes {
			es.Codes = append(es.Codes, c.Value)
		}
		spec.Events = append(spec.Events, es)
	}
	for _, m := range r.Metrics {
		ms := MetricSpec{Name: m.Name, Kind: metricKinds[m.Kind], Unit: m.U.UCUM, Buckets: m.Buckets}
		for _, l := range m.Labels {
			ms.Labels = append(ms.Labels, LabelSpec{Name: l.Name, Values: l.Resolved})
		}
		spec.Metrics = append(spec.Metrics, ms)
		if op, ok := spanOp(m); ok {
			spec.Spans = append(spec.Spans, deriveSpan(op, spec.Events))
		}
	}
	return spec
}

var metricKinds = map[string]MetricKind{"counter": Counter, "gauge": Gauge, "histogram": Histogram}

func kindOf(t registry.FieldType) Kind {
	base := Kind(t.Elem) // registry.Int..Bool number as Int..Bool
	switch t.Shape {
	case registry.ListShape:
		return base - Int + IntList
	case registry.MapShape:
		return base - Int + IntMap
	}
	return base
}

// standardSpanKeys are the top-level record fields any span may carry.
var standardSpanKeys = []FieldSpec{{Name: "step", Kind: Int}, {Name: "epoch", Kind: Int}, {Name: "phase", Kind: String}}

// localOnly keys are never span attributes (a variant id is a keyed hash
// that a lookup can re-personalize).
var localOnly = map[string]bool{"variant_id": true}

func spanOp(m *registry.Metric) (string, bool) {
	if m.Kind != "histogram" || m.Unit != "ms" {
		return "", false
	}
	rest, ok := strings.CutSuffix(m.Name, ".duration")
	if !ok {
		return "", false
	}
	_, op, ok := strings.Cut(rest, ".")
	return op, ok && op != ""
}

func deriveSpan(op string, events []EventSpec) SpanSpec {
	s := SpanSpec{Name: op, Fields: append([]FieldSpec(nil), standardSpanKeys...)}
	for _, ev := range events {
		if ev.Name != op && !strings.HasPrefix(ev.Name, op+".") {
			continue
		}
		if s.Event == "" {
			s.Event = ev.Name
		}
		for _, f := range ev.Fields {
			if localOnly[f.Name] || hasField(s.Fields, f.Name) {
				continue
			}
			s.Fields = append(s.Fields, f)
		}
	}
	return s
}

func hasField(fs []FieldSpec, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}
