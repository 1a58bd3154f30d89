package filter

import (
	"fmt"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// event is the filter's flat copy of one registered event, laid out for
// the encoder: the registry's accessors return copies, which is right for
// sealing but too slow to call per key.
type event struct {
	src      *schema.Event
	id       schema.EventID
	name     string
	severity schema.Severity
	fields   []schema.Field
	// required has bit i set when field i is required: one AND per
	// record instead of a walk over the keys.
	required uint64
}

// fieldIndex returns the index of key in the allowlist, or -1.
func (e *event) fieldIndex(key string) int {
	for i := range e.fields {
		if e.fields[i].Name == key {
			return i
		}
	}
	return -1
}

// snapshot is the filter's copy of a compiled registry's events.
type snapshot struct {
	events []event
}

// check copies r's events; a refused registry cannot be filtered through.
func check(r *schema.Registry) (*snapshot, error) {
	if r == nil {
		return nil, fmt.Errorf("filter: no registry")
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	s := &snapshot{events: make([]event, r.NumEvents())}
	for i := range s.events {
		src := r.Event(schema.EventID(i))
		e := event{src: src, id: src.ID(), name: src.Name(), severity: src.Severity(),
			fields: make([]schema.Field, src.NumFields()), required: src.Required()}
		for j := range e.fields {
			e.fields[j] = src.Field(j)
		}
		s.events[i] = e
	}
	return s, nil
}
