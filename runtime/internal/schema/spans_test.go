package schema_test

import (
	"slices"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// TestSpansDerivedFromTheRegistry: this repository's spans are the spec's
// three top-level operations and the two other timed ones (data.encode,
// provenance.verify), each the operation of a registered ms histogram, with
// the keys of its linked events and the standard keys as attributes, and
// never a denied or local-only key.
func TestSpansDerivedFromTheRegistry(t *testing.T) {
	reg := events.Registry()
	want := map[string][]string{
		"training.step":     {"training.step"},
		"inference.score":   {"inference.score.start", "inference.score.end"},
		"planning.cem.iter": nil,
		"data.encode":       nil,
		"provenance.verify": {"provenance.verify.start", "provenance.verify.end", "provenance.verify.mismatch"},
	}
	spans := schema.Spans(reg)
	if len(spans) != len(want) {
		t.Fatalf("%d spans, want %d", len(spans), len(want))
	}
	for _, s := range spans {
		linked, ok := want[s.Name]
		if !ok {
			t.Errorf("unexpected span %s", s.Name)
			continue
		}
		keys := map[string]bool{"step": true, "epoch": true, "phase": true}
		for _, name := range linked {
			ev := reg.Lookup(name)
			for i := range ev.NumFields() {
				keys[ev.Field(i).Name] = true
			}
		}
		for _, f := range s.Fields {
			if !keys[f.Name] || reg.Denied(f.Name) || f.Name == "variant_id" {
				t.Errorf("span %s: attribute key %s is not allowed", s.Name, f.Name)
			}
		}
		if (s.Event != nil) != (len(linked) > 0) || s.Event != nil && s.Event.Name() != linked[0] {
			t.Errorf("span %s: linked event %v, want %v", s.Name, s.Event, linked)
		}
		if i := slices.IndexFunc(s.Fields, func(f schema.Field) bool { return f.Name == "step" }); i < 0 {
			t.Errorf("span %s has no step attribute", s.Name)
		}
	}
}
