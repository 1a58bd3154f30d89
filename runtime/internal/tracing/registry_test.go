package tracing

import (
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
)

// Span names and attribute keys come from the registry: each span is the
// operation of a registered duration metric, its linked events exist, and
// every attribute key is a registered field of one of them (or a standard
// top-level record key), never a denied or local-only key.
func TestSpansMatchTheRegistry(t *testing.T) {
	metrics := map[string]bool{}
	for _, f := range meters.Families {
		metrics[f.Desc().Name] = true
	}
	specs := newSpecTable(events.Table)
	for i, d := range spanDefs {
		if m := "geno_lewm." + d.name + ".duration"; !metrics[m] {
			t.Errorf("span %s: metric %s is not registered", d.name, m)
		}
		registered := map[string]bool{}
		for _, name := range d.events {
			ev := events.Table.Lookup(name)
			if ev == nil {
				t.Errorf("span %s: event %s is not registered", d.name, name)
				continue
			}
			for _, f := range ev.Fields {
				registered[f.Name] = true
			}
		}
		for _, f := range standardKeys {
			registered[f.Name] = true
		}
		for _, f := range specs.spans[i].fields {
			if !registered[f.Name] || events.Table.Denied(f.Name) || localOnly[f.Name] {
				t.Errorf("span %s: attribute key %s is not allowed", d.name, f.Name)
			}
		}
	}
}
