package schema

import "slices"

// Severity is a record's severity. A record's severity is always the one its
// event has in the registry.
type Severity uint8

const (
	Debug Severity = iota + 1
	Info
	Warn
	Error
)

var severityNames = [...]string{"", "debug", "info", "warn", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "unknown"
}

// ParseSeverity parses debug, info, warn or error.
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if i > 0 && n == s {
			return Severity(i), true
		}
	}
	return 0, false
}

// Kind is the registered type of a data field.
type Kind uint8

const (
	Int Kind = iota + 1
	Float
	String
	Bool
	IntList
	FloatList
	StringList
	BoolList
	IntMap
	FloatMap
	StringMap
	BoolMap
)

var kindNames = [...]string{"", "int", "float", "string", "bool",
	"list[int]", "list[float]", "list[string]", "list[bool]",
	"map[int]", "map[float]", "map[string]", "map[bool]"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Scalar returns the element kind of a list or map kind, or k itself.
func (k Kind) Scalar() Kind {
	switch {
	case k >= IntMap:
		return k - IntMap + Int
	case k >= IntList:
		return k - IntList + Int
	}
	return k
}

// IsList and IsMap tell the shape of a kind.
func (k Kind) IsList() bool { return k >= IntList && k <= BoolList }
func (k Kind) IsMap() bool  { return k >= IntMap && k <= BoolMap }

// ErrorCode identifies a registered error code; 0 means none. Its name is
// Registry.CodeName(code).
type ErrorCode uint16

// EventID is an event's index in its Registry.
type EventID uint16

// SamplingRule says which records of an event are kept.
type SamplingRule uint8

const (
	// Unsampled keeps every record.
	Unsampled SamplingRule = iota
	// EveryLogEvery keeps a record when step % log_every == 0.
	EveryLogEvery
	// OneIn keeps one record in n (Event.Sampling), counted per process.
	OneIn
)

// Field is one allowlisted data key of an event. It is a value: what a
// caller holds is a copy, never the registry's own.
type Field struct {
	Name     string
	Kind     Kind
	Unit     string
	Required bool
	// Values is the closed value set of a categorical key (String or
	// StringList only); nil for an open key. Accessors return a copy.
	Values []string
}

// Allows reports whether v may be the value (or a list element) of the
// key: always for an open key, otherwise when v is in Values.
func (f *Field) Allows(v string) bool {
	if f.Values == nil {
		return true
	}
	for _, a := range f.Values {
		if a == v {
			return true
		}
	}
	return false
}

func (f Field) clone() Field {
	f.Values = slices.Clone(f.Values)
	return f
}

func (f *Field) equal(g *Field) bool {
	return f.Name == g.Name && f.Kind == g.Kind && f.Unit == g.Unit && f.Required == g.Required &&
		slices.Equal(f.Values, g.Values) && (f.Values == nil) == (g.Values == nil)
}
