package schema

import "strings"

// Span is one span the registry defines. Spans are derived, not declared:
// every histogram in ms whose name is NAMESPACE.OP.duration times the span
// OP (geno_lewm.training.step.duration times the training.step span), and
// the span's attribute allowlist is the standard keys plus the keys of the
// events named OP or OP.* (training.step; inference.score.start and
// .end), less the keys that must not leave the machine.
type Span struct {
	Name string
	// Event is the first linked event, whose id labels the span's drops
	// in redacted_keys; nil when no event is linked.
	Event  *Event
	Fields []Field
}

// standardSpanKeys are the top-level record fields any span may carry,
// with the types they have in a log record.
var standardSpanKeys = []Field{
	{Name: "step", Kind: Int},
	{Name: "epoch", Kind: Int},
	{Name: "phase", Kind: String},
}

// localOnly keys are registered for log records but never sent off the
// machine as span attributes: a variant id is a keyed hash that can be
// re-personalized by lookup.
var localOnly = map[string]bool{"variant_id": true}

// Spans returns the registry's spans.
func Spans(r *Registry) []Span { return r.spans }

// SpanNamed returns the span called name, or nil.
func SpanNamed(r *Registry, name string) *Span {
	for i := range r.spans {
		if r.spans[i].Name == name {
			return &r.spans[i]
		}
	}
	return nil
}

// SpanIndex returns the index of key in s's allowlist, or -1.
func (s *Span) SpanIndex(key string) int {
	for i := range s.Fields {
		if s.Fields[i].Name == key {
			return i
		}
	}
	return -1
}

func deriveSpans(r *Registry, specs []metricSpecView) {
	for _, m := range specs {
		op, ok := spanOp(m)
		if !ok {
			continue
		}
		s := Span{Name: op, Fields: append([]Field(nil), standardSpanKeys...)}
		for i := range r.events {
			ev := &r.events[i]
			if ev.name != op && !strings.HasPrefix(ev.name, op+".") {
				continue
			}
			if s.Event == nil {
				s.Event = ev
			}
			for _, f := range ev.fields {
				if !localOnly[f.Name] && s.SpanIndex(f.Name) < 0 {
					s.Fields = append(s.Fields, f)
				}
			}
		}
		r.spans = append(r.spans, s)
	}
}

// metricSpecView is what span derivation needs of a metric.
type metricSpecView struct {
	name, unit string
	histogram  bool
}

func spanOp(m metricSpecView) (string, bool) {
	if !m.histogram || m.unit != "ms" {
		return "", false
	}
	rest, ok := strings.CutSuffix(m.name, ".duration")
	if !ok {
		return "", false
	}
	_, op, ok := strings.Cut(rest, ".")
	return op, ok && op != ""
}
