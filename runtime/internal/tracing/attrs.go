package tracing

import (
	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// allowed applies the key rules of the log filter to one attribute: deny
// list first, then the span's allowlist, then the registered type.
func (s Span) allowed(key string, k schema.Kind) bool {
	switch i := s.spec.SpanIndex(key); {
	case s.p.reg.Denied(key):
		s.drop(filter.RuleDeny)
	case i < 0:
		s.drop(filter.RuleAllowlist)
	case s.spec.Fields[i].Kind != k:
		s.drop(filter.RuleType)
	default:
		return true
	}
	return false
}

// noDNA applies the value rule: no run of 20 or more DNA letters.
func (s Span) noDNA(v string) bool {
	if dna.Has(v) {
		s.drop(filter.RuleDNA)
		return false
	}
	return true
}

func (s Span) drop(r filter.Rule) {
	s.p.st.attrsDropped.Add(1)
	if s.spec.Event != nil {
		schema.CountRedacted(s.p.reg, s.spec.Event.ID(), int(r), 1)
	}
}
