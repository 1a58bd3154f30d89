package events_test

import (
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/registry"
	"github.com/genolewm/obs/runtime/eventspec"
)

// TestTableMatchesRegistry checks the generated EVENTS table against the
// YAML, event by event and key by key.
func TestTableMatchesRegistry(t *testing.T) {
	r, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	tab := events.Table
	if tab.Version != r.Version || len(tab.Events) != len(r.Events) {
		t.Fatalf("table has version %s and %d events; registry %s and %d", tab.Version, len(tab.Events), r.Version, len(r.Events))
	}
	for i, want := range r.Events {
		got := tab.Events[i]
		if int(got.ID) != i || !tab.Owns(got) {
			t.Errorf("event %s: ID %d at index %d", got.Name, got.ID, i)
		}
		if got.Name != want.Name || got.Severity.String() != want.Severity {
			t.Errorf("event %d: got %s/%s, want %s/%s", i, got.Name, got.Severity, want.Name, want.Severity)
		}
		if len(got.Fields) != len(want.Fields) {
			t.Fatalf("event %s: %d keys, registry %d", want.Name, len(got.Fields), len(want.Fields))
		}
		for j, wf := range want.Fields {
			gf := got.Fields[j]
			if gf.Name != wf.Name || gf.Kind.String() != wf.T.String() || gf.Unit != wf.Unit || gf.Required != wf.Required {
				t.Errorf("event %s key %d: got %+v, want %s %s unit %q required %v", want.Name, j, gf, wf.Name, wf.T, wf.Unit, wf.Required)
			}
		}
		var codes []string
		for _, c := range got.Codes {
			codes = append(codes, tab.CodeName(c))
		}
		if len(codes) != len(want.ErrorCodes) {
			t.Errorf("event %s: codes %v, registry %v", want.Name, codes, want.ErrorCodes)
		}
		for j, c := range want.ErrorCodes {
			if j < len(codes) && codes[j] != c.Value {
				t.Errorf("event %s: code %d is %s, registry %s", want.Name, j, codes[j], c.Value)
			}
		}
		switch {
		case want.Sampling == nil && got.Sampling != eventspec.Unsampled,
			want.Sampling != nil && want.Sampling.Every != "" && got.Sampling != eventspec.EveryLogEvery,
			want.Sampling != nil && want.Sampling.OneIn > 0 && (got.Sampling != eventspec.OneIn || int(got.OneIn) != want.Sampling.OneIn):
			t.Errorf("event %s: sampling %v/%d does not match the registry", want.Name, got.Sampling, got.OneIn)
		}
	}
	for i, c := range r.ErrorCodes {
		if tab.CodeNames[i+1] != c.Code || tab.Code(c.Code) != eventspec.ErrorCode(i+1) {
			t.Errorf("error code %d: table %s, registry %s", i+1, tab.CodeNames[i+1], c.Code)
		}
	}
	if len(tab.DenyKeys) != len(r.DenyKeys) {
		t.Errorf("deny list has %d keys, registry %d", len(tab.DenyKeys), len(r.DenyKeys))
	}
	for _, k := range r.DenyKeys {
		if !tab.Denied(k.Value) {
			t.Errorf("%s missing from the generated deny list", k.Value)
		}
	}
}

// TestTypedSpecs checks that each typed event's Spec is its table entry.
func TestTypedSpecs(t *testing.T) {
	for _, s := range []*eventspec.Event{
		events.TrainingStep{}.Spec(), events.Error{}.Spec(), events.InferenceScoreEnd{}.Spec(), events.ProvenanceVerifyMismatch{}.Spec(),
	} {
		if !events.Table.Owns(s) {
			t.Errorf("%s: Spec() is not the table's descriptor", s.Name)
		}
	}
}
