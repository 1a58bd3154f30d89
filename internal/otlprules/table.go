package otlprules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kind is the registered type of a data key, numbered as the runtime's
// schema.Kind (runtime/otlptable checks that the two agree).
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

// Scalar is the element kind of a list or map kind, or k itself.
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

// Severity is an event's registered severity.
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
	i := slices.Index(severityNames[1:], s)
	return Severity(i + 1), i >= 0
}

// MetricKind is a registered metric's kind.
type MetricKind uint8

const (
	Counter MetricKind = iota + 1
	Gauge
	Histogram
)

var metricKindNames = [...]string{"", "counter", "gauge", "histogram"}

func (k MetricKind) String() string {
	if int(k) < len(metricKindNames) {
		return metricKindNames[k]
	}
	return "unknown"
}

// Spec is a registry's rules as plain data: what runtime/otlptable reads
// out of the compiled, sealed registry (the generated tables) and what
// SpecFromRegistry reads out of events.yaml and metrics.yaml. Compile
// copies it into a Table; changing a Spec afterwards changes nothing.
type Spec struct {
	Version     string
	CoreVersion string
	// DenyKeys is the personal-data deny list.
	DenyKeys []string
	// Codes are the registered error code names.
	Codes   []string
	Events  []EventSpec
	Spans   []SpanSpec
	Metrics []MetricSpec
}

// EventSpec is one registered event.
type EventSpec struct {
	Name     string
	Severity Severity
	Fields   []FieldSpec
	// Codes are the error codes an error record of the event may carry.
	Codes []string
}

// FieldSpec is one allowlisted key.
type FieldSpec struct {
	Name     string
	Kind     Kind
	Required bool
	// Values is a categorical key's closed value set, nil for an open key.
	Values []string
}

// SpanSpec is one registered span: its name, the event whose name labels
// its drops ("" when no event is linked) and its attribute allowlist.
type SpanSpec struct {
	Name   string
	Event  string
	Fields []FieldSpec
}

// MetricSpec is one registered metric.
type MetricSpec struct {
	// Name is the dotted registry name, which OTLP carries.
	Name string
	Kind MetricKind
	// Unit is the OpenTelemetry (UCUM) unit.
	Unit string
	// Buckets are a histogram's upper bounds, in Unit.
	Buckets []float64
	Labels  []LabelSpec
}

// LabelSpec is one label of a metric and its bounded value set.
type LabelSpec struct {
	Name   string
	Values []string
}

// The redaction filter's size rules (runtime/internal/filter's
// DefaultMaxList, DefaultMaxMap and MaxString; runtime/otlptable's tests
// check that they agree).
const (
	MaxList   = 1024
	MaxMap    = 256
	MaxString = 16 << 10
	// truncMark ends a string cut at MaxString, as the filter marks it.
	truncMark = "...(truncated)"
)

// maxFields bounds an event's keys, as the registry and the filter do:
// written keys are tracked in one 64-bit mask.
const maxFields = 64

// Table is a compiled Spec: the rules the Engine applies. It is immutable
// and every field is unexported, so that nothing holding a *Table can
// change what it allows.
type Table struct {
	version, coreVersion string
	deny                 map[string]bool
	codes                map[string]bool
	events               []event
	byEvent              map[string]*event
	spans                []span
	bySpan               map[string]*span
	metrics              []metricRule
	byMetric             map[string]*metricRule
}

type field struct {
	name     string
	kind     Kind
	required bool
	values   []string
}

// allows reports whether v may be the field's value: always for an open
// key.
func (f *field) allows(v string) bool { return f.values == nil || slices.Contains(f.values, v) }

type fields []field

// index returns the index of key in the allowlist, or -1. Allowlists are
// short (at most 64 keys, usually under ten): a scan beats a map's hash.
func (fs fields) index(key string) int {
	for i := range fs {
		if fs[i].name == key {
			return i
		}
	}
	return -1
}

type event struct {
	id       int
	name     string
	severity Severity
	fields   fields
	codes    []string
	required uint64
}

type span struct {
	id     int
	name   string
	event  string
	fields fields
}

type metricRule struct {
	id      int
	name    string
	kind    MetricKind
	unit    string
	buckets []float64
	labels  []labelRule
}

type labelRule struct {
	name   string
	values []string
}

// Compile checks spec and returns its Table.
func Compile(spec *Spec) (*Table, error) {
	if spec == nil || len(spec.Events) == 0 {
		return nil, errors.New("otlprules: the registry has no events")
	}
	t := &Table{
		version: spec.Version, coreVersion: spec.CoreVersion,
		deny: map[string]bool{}, codes: map[string]bool{},
		byEvent: map[string]*event{}, bySpan: map[string]*span{}, byMetric: map[string]*metricRule{},
	}
	for _, k := range spec.DenyKeys {
		t.deny[lower(k)] = true
	}
	for _, c := range spec.Codes {
		t.codes[c] = true
	}
	t.events = make([]event, len(spec.Events))
	for i, es := range spec.Events {
		ev := &t.events[i]
		*ev = event{id: i, name: es.Name, severity: es.Severity, codes: slices.Clone(es.Codes)}
		var err error
		if ev.fields, err = t.compileFields(es.Fields); err != nil {
			return nil, fmt.Errorf("otlprules: event %s: %w", es.Name, err)
		}
		for j, f := range ev.fields {
			if f.required {
				ev.required |= 1 << uint(j)
			}
		}
		if ev.severity < Debug || ev.severity > Error || t.byEvent[es.Name] != nil {
			return nil, fmt.Errorf("otlprules: event %s: an unknown severity or a second definition", es.Name)
		}
		for _, c := range ev.codes {
			if !t.codes[c] {
				return nil, fmt.Errorf("otlprules: event %s: error code %s is not registered", es.Name, c)
			}
		}
		t.byEvent[es.Name] = ev
	}
	t.spans = make([]span, len(spec.Spans))
	for i, ss := range spec.Spans {
		sp := &t.spans[i]
		*sp = span{id: i, name: ss.Name, event: ss.Event}
		var err error
		if sp.fields, err = t.compileFields(ss.Fields); err != nil {
			return nil, fmt.Errorf("otlprules: span %s: %w", ss.Name, err)
		}
		if t.bySpan[ss.Name] != nil || ss.Event != "" && t.byEvent[ss.Event] == nil {
			return nil, fmt.Errorf("otlprules: span %s: defined twice, or linked to an unregistered event", ss.Name)
		}
		t.bySpan[ss.Name] = sp
	}
	t.metrics = make([]metricRule, len(spec.Metrics))
	for i, ms := range spec.Metrics {
		m := &t.metrics[i]
		*m = metricRule{id: i, name: ms.Name, kind: ms.Kind, unit: ms.Unit, buckets: slices.Clone(ms.Buckets)}
		for _, l := range ms.Labels {
			m.labels = append(m.labels, labelRule{name: l.Name, values: slices.Clone(l.Values)})
		}
		if m.kind < Counter || m.kind > Histogram || t.byMetric[ms.Name] != nil || (m.kind == Histogram) != (len(m.buckets) > 0) {
			return nil, fmt.Errorf("otlprules: metric %s: an unknown kind, buckets on a non-histogram or a second definition", ms.Name)
		}
		t.byMetric[ms.Name] = m
	}
	return t, nil
}

func (t *Table) compileFields(specs []FieldSpec) (fields, error) {
	if len(specs) > maxFields {
		return nil, fmt.Errorf("%d keys; at most %d", len(specs), maxFields)
	}
	fs := make(fields, len(specs))
	for i, s := range specs {
		if s.Kind < Int || s.Kind > BoolMap || fs[:i].index(s.Name) >= 0 || t.deny[lower(s.Name)] {
			return nil, fmt.Errorf("key %s: an unknown type, listed twice or on the deny list", s.Name)
		}
		fs[i] = field{name: s.Name, kind: s.Kind, required: s.Required, values: slices.Clone(s.Values)}
	}
	return fs, nil
}

// Version is the registry's version, CoreVersion the core's merged in.
func (t *Table) Version() string     { return t.version }
func (t *Table) CoreVersion() string { return t.coreVersion }

// Events, Spans and Metrics list the registered names, in registry order:
// the item numbers Observer.Seen receives.
func (t *Table) Events() []string { return names(t.events, func(e *event) string { return e.name }) }
func (t *Table) Spans() []string  { return names(t.spans, func(s *span) string { return s.name }) }
func (t *Table) Metrics() []string {
	return names(t.metrics, func(m *metricRule) string { return m.name })
}

// EventSeverity is the registered severity of event i.
func (t *Table) EventSeverity(i int) Severity { return t.events[i].severity }

// MetricKindOf is the registered kind of metric i.
func (t *Table) MetricKindOf(i int) MetricKind { return t.metrics[i].kind }

// SpanEvent is the event linked to span i, "" for none.
func (t *Table) SpanEvent(i int) string { return t.spans[i].event }

func names[T any](items []T, name func(*T) string) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = name(&items[i])
	}
	return out
}

// denied reports whether key is a personal-data key, in any case, as the
// filter's Registry.Denied does.
func (t *Table) denied(key string) bool {
	if t.deny[key] {
		return true
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' {
			return t.deny[lower(key)]
		}
	}
	return false
}

// lower is strings.ToLower, as the filter folds a key.
func lower(s string) string { return strings.ToLower(s) }
