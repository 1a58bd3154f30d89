package eventspec

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
// Table.CodeNames[code].
type ErrorCode uint16

// EventID is an event's index in its Table.
type EventID uint16

// SamplingRule says which records of an event are kept.
type SamplingRule uint8

const (
	// Unsampled keeps every record.
	Unsampled SamplingRule = iota
	// EveryLogEvery keeps a record when step % log_every == 0.
	EveryLogEvery
	// OneIn keeps one record in Event.OneIn, counted per process.
	OneIn
)

// Field is one allowlisted data key of an event.
type Field struct {
	Name     string
	Kind     Kind
	Unit     string
	Required bool
}

// Event describes one registered event.
type Event struct {
	ID       EventID
	Name     string
	Severity Severity
	Sampling SamplingRule
	OneIn    uint32
	// Fields is the event's key allowlist, in registry order.
	Fields []Field
	// Codes are the error codes an error-severity record may carry.
	Codes []ErrorCode
}

// FieldIndex returns the index of key in the allowlist, or -1.
func (e *Event) FieldIndex(key string) int {
	for i := range e.Fields {
		if e.Fields[i].Name == key {
			return i
		}
	}
	return -1
}

// AllowsCode reports whether an error record of e may carry code.
func (e *Event) AllowsCode(code ErrorCode) bool {
	for _, c := range e.Codes {
		if c == code {
			return true
		}
	}
	return false
}

// Table is a whole event registry, as generated.
type Table struct {
	Version string
	Events  []*Event
	// CodeNames[c] is the name of ErrorCode c; CodeNames[0] is "".
	CodeNames []string
	// DenyKeys are personal-data keys, dropped before any other rule.
	DenyKeys []string
}

// Lookup returns the event called name, or nil.
func (t *Table) Lookup(name string) *Event {
	for _, e := range t.Events {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Owns reports whether ev is this table's own descriptor (not a copy or a
// hand-built one).
func (t *Table) Owns(ev *Event) bool {
	return ev != nil && int(ev.ID) < len(t.Events) && t.Events[ev.ID] == ev
}

// Code returns the code called name, or 0.
func (t *Table) Code(name string) ErrorCode {
	for i, n := range t.CodeNames {
		if i > 0 && n == name {
			return ErrorCode(i)
		}
	}
	return 0
}

// CodeName returns the name of code, or "" if it is not registered.
func (t *Table) CodeName(code ErrorCode) string {
	if int(code) < len(t.CodeNames) {
		return t.CodeNames[code]
	}
	return ""
}

// Denied reports whether key is on the deny list.
func (t *Table) Denied(key string) bool {
	for _, k := range t.DenyKeys {
		if k == key {
			return true
		}
	}
	return false
}
