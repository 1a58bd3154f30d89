package schema_test

import (
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// TestWandBCompiled: the generated registry carries the W&B forwarding the
// registry marks, resolved to key indexes.
func TestWandBCompiled(t *testing.T) {
	r := events.Registry()
	step := r.Lookup("training.step")
	if step.WandB() != schema.WandBHistory || len(step.WandBFields()) != 7 || step.WandBKey() != -1 {
		t.Errorf("training.step: role %d, fields %v, key %d", step.WandB(), step.WandBFields(), step.WandBKey())
	}
	m := r.Lookup("training.metric")
	if k := m.WandBKey(); k < 0 || m.Field(k).Name != "metric" {
		t.Errorf("training.metric names its items by key %d", k)
	}
	if f := m.WandBFields(); len(f) != 1 || m.Field(f[0]).Name != "value" {
		t.Errorf("training.metric forwards %v", f)
	}
	if r.Lookup("inference.score.end").WandB() != schema.WandBNone {
		t.Error("inference.score.end is forwarded, the registry does not mark it")
	}
	marked := 0
	for _, f := range schema.Families(r) {
		if f.Desc().WandB != metric.WandBNone {
			marked++
		}
	}
	if marked != 11 {
		t.Errorf("%d metrics forwarded to W&B, the registry marks 11", marked)
	}
}

// withStep is the core spec plus a module event that forwards its loss
// as history, edited by edit.
func withStep(edit func(*schema.EventSpec)) *schema.Spec {
	spec := core.Spec()
	ev := schema.EventSpec{Name: "app.step", Severity: schema.Info, Fields: []schema.Field{
		{Name: "loss", Kind: schema.Float, Required: true},
		{Name: "label", Kind: schema.String, Required: true},
		{Name: "note", Kind: schema.String},
	}, WandB: schema.WandBHistory, WandBFields: []string{"loss"}, WandBKey: "label"}
	edit(&ev)
	spec.Events = append(spec.Events, ev)
	// The runtime's own counters are labelled by every event.
	for i := range spec.Metrics {
		for j := range spec.Metrics[i].Labels {
			if l := &spec.Metrics[i].Labels[j]; l.Name == "event" {
				l.Values = append(l.Values, ev.Name)
			}
		}
	}
	return spec
}

// TestWandBSpecRefused: a spec whose forwarding names keys the event does
// not have, or that cannot be charted, is refused whole.
func TestWandBSpecRefused(t *testing.T) {
	if err := schema.Compile(withStep(func(*schema.EventSpec) {}), core.Spec()).Err(); err != nil {
		t.Fatalf("the valid spec is refused: %v", err)
	}
	cases := []struct {
		name string
		edit func(*schema.EventSpec)
		want string
	}{
		{"unknown key", func(e *schema.EventSpec) { e.WandBFields = []string{"nope"} }, "not a distinct key"},
		{"twice", func(e *schema.EventSpec) { e.WandBFields = []string{"loss", "loss"} }, "not a distinct key"},
		{"naming key forwarded", func(e *schema.EventSpec) { e.WandBFields = []string{"loss", "label"} }, "not a distinct key"},
		{"string history", func(e *schema.EventSpec) { e.WandBFields = []string{"note"} }, "not a number"},
		{"no role", func(e *schema.EventSpec) { e.WandB = schema.WandBNone }, "without a W&B role"},
		{"no keys", func(e *schema.EventSpec) { e.WandBFields = nil }, "without keys"},
		{"bad role", func(e *schema.EventSpec) { e.WandB = 9 }, "unknown W&B role"},
		{"optional naming key", func(e *schema.EventSpec) { e.WandBKey = "note" }, "naming key"},
		{"config naming key", func(e *schema.EventSpec) { e.WandB = schema.WandBConfig }, "naming key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := schema.Compile(withStep(c.edit), core.Spec()).Err()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want a refusal containing %q, got %v", c.want, err)
			}
		})
	}
	spec := withStep(func(*schema.EventSpec) {})
	spec.Metrics[0].WandB = metric.WandBConfig
	if err := schema.Compile(spec, core.Spec()).Err(); err == nil || !strings.Contains(err.Error(), "history or summary") {
		t.Errorf("a metric with the config role: %v", err)
	}
	// A module may not forward what the core owns.
	spec = withStep(func(*schema.EventSpec) {})
	spec.Events[0].WandB, spec.Events[0].WandBFields = schema.WandBSummary, []string{spec.Events[0].Fields[0].Name}
	if err := schema.Compile(spec, core.Spec()).Err(); err == nil || !strings.Contains(err.Error(), "core event") {
		t.Errorf("a forwarded core event: %v", err)
	}
}
