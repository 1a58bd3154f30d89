package redact

import (
	"fmt"
	"strings"

	"github.com/genolewm/obs/runtime/eventspec"
)

// maxFields bounds an event's keys: the filter tracks written keys in one
// 64-bit mask (the registry enforces the same bound).
const maxFields = 64

// snapshot is the filter's own copy of an event table, checked once. The
// generated descriptors are exported package variables: code could change
// a key's name after start-up. The filter encodes from its copy, so such a
// change has no effect; it only accepts the original pointers as proof
// that a record's event came from the generated table.
type snapshot struct {
	events []eventspec.Event
	// required[id] has bit i set when key i of event id is required: one
	// AND per record instead of a walk over the keys.
	required []uint64
	deny     map[string]bool
}

// check validates t as the registry would and copies it.
func check(t *eventspec.Table) (*snapshot, error) {
	if t == nil {
		return nil, fmt.Errorf("redact: nil event table")
	}
	s := &snapshot{
		events:   make([]eventspec.Event, len(t.Events)),
		required: make([]uint64, len(t.Events)),
		deny:     map[string]bool{},
	}
	for _, k := range t.DenyKeys {
		s.deny[strings.ToLower(k)] = true
	}
	for i, ev := range t.Events {
		if ev == nil || int(ev.ID) != i {
			return nil, fmt.Errorf("redact: event %d of the table has a wrong ID", i)
		}
		if !plainName(ev.Name, true) || HasDNA(ev.Name) {
			return nil, fmt.Errorf("redact: event name %q is not dotted-lowercase", ev.Name)
		}
		if len(ev.Fields) > maxFields {
			return nil, fmt.Errorf("redact: event %s has %d keys; at most %d", ev.Name, len(ev.Fields), maxFields)
		}
		cp := *ev
		cp.Fields = append([]eventspec.Field(nil), ev.Fields...)
		cp.Codes = append([]eventspec.ErrorCode(nil), ev.Codes...)
		for j, f := range cp.Fields {
			if f.Required {
				s.required[i] |= 1 << uint(j)
			}
			if !plainName(f.Name, false) || HasDNA(f.Name) {
				return nil, fmt.Errorf("redact: key %q of event %s is not snake_case", f.Name, ev.Name)
			}
			if s.deny[f.Name] {
				return nil, fmt.Errorf("redact: key %q of event %s is on the deny list", f.Name, ev.Name)
			}
		}
		s.events[i] = cp
	}
	return s, nil
}

// plainName accepts snake_case, or dotted snake_case segments: names the
// encoder writes without escaping.
func plainName(s string, dots bool) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case c == '.' && dots && i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z':
		default:
			return false
		}
	}
	return true
}

// denied reports whether key is a personal-data key, in any case: a map
// key "Sample_ID" is as personal as "sample_id".
func (s *snapshot) denied(key string) bool {
	if s.deny[key] {
		return true
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' {
			return s.deny[strings.ToLower(key)]
		}
	}
	return false
}
