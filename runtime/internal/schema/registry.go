package schema

import (
	"strings"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// Registry is a compiled registry. It is immutable: its fields are
// unexported and its accessors return copies.
type Registry struct {
	err         error
	version     string
	coreVersion string

	events []Event
	byName map[string]*Event
	// codes[c] is the name of ErrorCode c; codes[0] is "".
	codes    []string
	denyList []string
	deny     map[string]bool // lower-case

	families []*metric.Family
	spans    []Span

	// The runtime's own counters, located by name when compiling.
	redactedKeys metric.CounterSet
	errorsRaised metric.CounterSet
	dropped      metric.CounterSet
	peakRSS      *metric.Gauge
}

// Event is one registered event of a Registry. Its identity (the pointer)
// proves that a record's event came from the registry.
type Event struct {
	reg      *Registry
	id       EventID
	name     string
	severity Severity
	sampling SamplingRule
	oneIn    uint32
	fields   []Field
	codes    []ErrorCode
	// required has bit i set when field i is required.
	required uint64
	// wandb is the W&B role; wandbFields the indexes of the forwarded
	// keys and wandbKey that of the naming key, or -1 (wandb.go).
	wandb       WandBRole
	wandbFields []int
	wandbKey    int
}

// Err is the reason the registry's Spec was refused, or nil.
func (r *Registry) Err() error { return r.err }

// Version is the module registry's version.
func (r *Registry) Version() string { return r.version }

// CoreVersion is the version of the core registry merged into it.
func (r *Registry) CoreVersion() string { return r.coreVersion }

// NumEvents is the number of events.
func (r *Registry) NumEvents() int { return len(r.events) }

// Event returns event id, or nil.
func (r *Registry) Event(id EventID) *Event {
	if int(id) < len(r.events) {
		return &r.events[id]
	}
	return nil
}

// Lookup returns the event called name, or nil.
func (r *Registry) Lookup(name string) *Event { return r.byName[name] }

// Owns reports whether ev is one of this registry's events.
func (r *Registry) Owns(ev *Event) bool { return ev != nil && ev.reg == r && r.err == nil }

// NumCodes is the number of error codes; codes are 1..NumCodes.
func (r *Registry) NumCodes() int { return len(r.codes) - 1 }

// Code returns the code called name, or 0.
func (r *Registry) Code(name string) ErrorCode {
	for i, n := range r.codes {
		if i > 0 && n == name {
			return ErrorCode(i)
		}
	}
	return 0
}

// CodeName returns the name of code, or "" if it is not registered.
func (r *Registry) CodeName(code ErrorCode) string {
	if int(code) < len(r.codes) {
		return r.codes[code]
	}
	return ""
}

// DenyKeys returns a copy of the personal-data deny list.
func (r *Registry) DenyKeys() []string { return append([]string(nil), r.denyList...) }

// Denied reports whether key is a personal-data key, in any case: a map
// key "Sample_ID" is as personal as "sample_id".
func (r *Registry) Denied(key string) bool {
	if r.deny[key] {
		return true
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' {
			return r.deny[strings.ToLower(key)]
		}
	}
	return false
}

// ID is the event's id.
func (e *Event) ID() EventID { return e.id }

// Name is the event's registered name.
func (e *Event) Name() string { return e.name }

// Severity is the event's registered severity.
func (e *Event) Severity() Severity { return e.severity }

// Sampling is the event's sampling rule and, for OneIn, its n.
func (e *Event) Sampling() (SamplingRule, uint32) { return e.sampling, e.oneIn }

// NumFields is the length of the event's key allowlist.
func (e *Event) NumFields() int { return len(e.fields) }

// Field returns a copy of allowlisted key i.
func (e *Event) Field(i int) Field { return e.fields[i].clone() }

// FieldKind returns the type of field i, without Field's copy.
func (e *Event) FieldKind(i int) Kind { return e.fields[i].Kind }

// FieldName returns the name of field i, without Field's copy.
func (e *Event) FieldName(i int) string { return e.fields[i].Name }

// FieldIndex returns the index of key in the allowlist, or -1.
func (e *Event) FieldIndex(key string) int {
	for i := range e.fields {
		if e.fields[i].Name == key {
			return i
		}
	}
	return -1
}

// Required has bit i set when allowlisted key i is required.
func (e *Event) Required() uint64 { return e.required }

// AllowsCode reports whether an error record of e may carry code.
func (e *Event) AllowsCode(code ErrorCode) bool {
	for _, c := range e.codes {
		if c == code {
			return true
		}
	}
	return false
}

// Codes returns a copy of the codes an error record of e may carry.
func (e *Event) Codes() []ErrorCode { return append([]ErrorCode(nil), e.codes...) }
