package tracing

import (
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/eventspec"
	"github.com/genolewm/obs/runtime/redact"
)

// standardKeys are the top-level record fields any span may carry, with
// the types they have in a log record.
var standardKeys = []eventspec.Field{
	{Name: "step", Kind: eventspec.Int},
	{Name: "epoch", Kind: eventspec.Int},
	{Name: "phase", Kind: eventspec.String},
}

// localOnly keys are registered for log records but never sent off the
// machine as span attributes: a variant id is a keyed hash that can be
// re-personalized by lookup (doc.go).
var localOnly = map[string]bool{"variant_id": true}

// spanSpec is one span's name and attribute allowlist.
type spanSpec struct {
	name string
	// event is the first linked event, whose id labels the span's drops
	// in geno_lewm.observability.redacted_keys; hasEvent is false when the
	// registry has no event for the span.
	event    eventspec.EventID
	hasEvent bool
	fields   []eventspec.Field
}

type specTable struct {
	table *eventspec.Table
	spans [numSpans]spanSpec
}

// newSpecTable derives every span's allowlist from the event registry.
func newSpecTable(t *eventspec.Table) *specTable {
	st := &specTable{table: t}
	for i, d := range spanDefs {
		s := spanSpec{name: d.name, fields: append([]eventspec.Field(nil), standardKeys...)}
		for _, name := range d.events {
			ev := t.Lookup(name)
			if ev == nil {
				continue // registry_test.go fails on this
			}
			if !s.hasEvent {
				s.event, s.hasEvent = ev.ID, true
			}
			for _, f := range ev.Fields {
				if !localOnly[f.Name] && s.index(f.Name) < 0 {
					s.fields = append(s.fields, f)
				}
			}
		}
		st.spans[i] = s
	}
	return st
}

func (s *spanSpec) index(key string) int {
	for i := range s.fields {
		if s.fields[i].Name == key {
			return i
		}
	}
	return -1
}

// allowed applies the key rules of the log filter to one attribute: deny
// list first, then the span's allowlist, then the registered type.
func (s Span) allowed(key string, k eventspec.Kind) bool {
	switch i := s.spec.index(key); {
	case s.p.specs.table.Denied(key):
		s.drop(redact.RuleDeny)
	case i < 0:
		s.drop(redact.RuleAllowlist)
	case s.spec.fields[i].Kind != k:
		s.drop(redact.RuleType)
	default:
		return true
	}
	return false
}

// noDNA applies the value rule: no run of 20 or more DNA letters.
func (s Span) noDNA(v string) bool {
	if redact.HasDNA(v) {
		s.drop(redact.RuleDNA)
		return false
	}
	return true
}

func (s Span) drop(r redact.Rule) {
	s.p.st.attrsDropped.Add(1)
	if s.spec.hasEvent {
		meters.ObservabilityRedactedKeys.Add(s.spec.event, meters.ObservabilityRedactedKeysRule(r), 1)
	}
}
