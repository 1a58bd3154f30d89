package regdiff

import (
	"slices"
	"strings"
	"testing"

	"github.com/genolewm/obs/registry"
)

// The record format lives in the core, which a module's files cannot
// change, so its changes are made on the parsed head: each edit below is
// one a future core release could make.
func TestRecordFieldChanges(t *testing.T) {
	fresh := func() *registry.Registry { return repoRegistry(t) }
	field := func(r *registry.Registry, name string) *registry.RecordField {
		f := r.RecordField(name)
		if f == nil {
			panic("the core has no record field " + name)
		}
		c := *f
		i := slices.Index(r.RecordFields, f)
		r.RecordFields = slices.Clone(r.RecordFields)
		r.RecordFields[i] = &c
		return &c
	}
	seven := 7
	cases := []struct {
		name string
		edit func(h *registry.Registry)
		want Kind
	}{
		{"an optional field is added", func(h *registry.Registry) {
			h.RecordFields = append(slices.Clone(h.RecordFields), &registry.RecordField{Name: "node", Type: "int"})
		}, RecordFieldAdded},
		{"a required field is added", func(h *registry.Registry) {
			h.RecordFields = append(slices.Clone(h.RecordFields), &registry.RecordField{Name: "node", Type: "int", Required: true})
		}, RecordFieldAddedReq},
		{"a field is removed", func(h *registry.Registry) {
			h.RecordFields = slices.DeleteFunc(slices.Clone(h.RecordFields), func(f *registry.RecordField) bool { return f.Name == "phase" })
		}, RecordFieldRemoved},
		{"a field changes type", func(h *registry.Registry) { field(h, "rank").Type = "string" }, RecordFieldType},
		{"a field becomes required", func(h *registry.Registry) { field(h, "rank").Required = true }, RecordFieldRequired},
		{"a bound moves", func(h *registry.Registry) { field(h, "world_size").Min = &seven }, RecordFieldMin},
		{"a description changes", func(h *registry.Registry) { field(h, "rank").Description = "Other." }, RecordFieldDescription},
		{"since changes", func(h *registry.Registry) { field(h, "rank").Since = "1.2.0" }, RecordFieldSince},
	}
	seen := map[Kind]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, head := fresh(), fresh()
			tc.edit(head)
			rep := Compare(base, head, "base", "head")
			if len(rep.Changes) != 1 || rep.Changes[0].Kind != tc.want {
				var got []string
				for _, c := range rep.Changes {
					got = append(got, string(c.Kind)+" "+c.Item)
				}
				t.Fatalf("changes %v, want one %s", got, tc.want)
			}
			if rep.Changes[0].Class != Kinds[tc.want] {
				t.Errorf("class %s, want %s", rep.Changes[0].Class, Kinds[tc.want])
			}
			seen[tc.want] = true
		})
	}
	for k := range Kinds {
		if strings.HasPrefix(string(k), "record_field.") && !seen[k] {
			t.Errorf("no case produces %s", k)
		}
	}
}

// A base from before the record format was listed (core 1.0.0) is read
// as the legacy format: the rank fields are the only change.
func TestRecordFieldsSinceLegacy(t *testing.T) {
	base, head := repoRegistry(t), repoRegistry(t)
	base.RecordFields = nil
	rep := Compare(base, head, "base", "head")
	var got []string
	for _, c := range rep.Changes {
		if c.Class != Minor {
			t.Errorf("%s %s is %s, want MINOR", c.Kind, c.Item, c.Class)
		}
		got = append(got, c.Item)
	}
	want := []string{"record_field rank", "record_field world_size", "record_field local_rank"}
	if !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
}

// repoRegistry is this repository's registry merged with the core.
func repoRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r, err := LoadBaseFiles("../../registry/events.yaml", "../../registry/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}
