package observe_test

import (
	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// evView is a registered event as plain fields, for table-driven tests:
// the sealed registry only hands out copies through accessors.
type evView struct {
	Src      *schema.Event
	ID       schema.EventID
	Name     string
	Severity schema.Severity
	Sampling schema.SamplingRule
	OneIn    uint32
	Fields   []schema.Field
	Codes    []schema.ErrorCode
}

func view(ev *schema.Event) *evView {
	if ev == nil {
		return nil
	}
	v := &evView{Src: ev, ID: ev.ID(), Name: ev.Name(), Severity: ev.Severity(), Codes: ev.Codes()}
	v.Sampling, v.OneIn = ev.Sampling()
	for i := range ev.NumFields() {
		v.Fields = append(v.Fields, ev.Field(i))
	}
	return v
}

// allEvents are this repository's events, in registry order.
func allEvents() []*evView {
	reg := events.Registry()
	out := make([]*evView, reg.NumEvents())
	for i := range out {
		out[i] = view(reg.Event(schema.EventID(i)))
	}
	return out
}

// lookup is the event called name, or nil.
func lookup(name string) *evView { return view(events.Registry().Lookup(name)) }

// FieldIndex returns the index of key in the allowlist, or -1.
func (v *evView) FieldIndex(key string) int { return v.Src.FieldIndex(key) }
