package registry

// Registry is the validated content of a module's two registry files,
// merged with the runtime's core registry (see Parse). Items that come from
// the core have Core set; a deny key's origin is told by IsCoreDenyKey.
type Registry struct {
	// Version is the module registry's semantic version; both of its files
	// carry it.
	Version string
	// CoreVersion is the version of the core registry merged in, which
	// moves independently of Version; empty when none was (ParseStandalone).
	CoreVersion string
	Events      []*Event
	Metrics     []*Metric
	DenyKeys    []Ident
	ErrorCodes  []*ErrorCode
	// RecordFields are the top-level fields of a log record, as the core
	// registry defines them: the record format is the runtime's, so no
	// module file may list any.
	RecordFields []*RecordField

	eventsFile, metricsFile string
	// coreDeny holds the deny keys that come from the core. Ident stays a
	// plain value with a position: it also stands for code references and
	// label values, where an origin flag would mean nothing.
	coreDeny map[string]bool
}

// EventsFile and MetricsFile name the files the registry was loaded from.
func (r *Registry) EventsFile() string  { return r.eventsFile }
func (r *Registry) MetricsFile() string { return r.metricsFile }

// Event returns the registered event called name, or nil.
func (r *Registry) Event(name string) *Event {
	for _, e := range r.Events {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Metric returns the registered metric called name, or nil.
func (r *Registry) Metric(name string) *Metric {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// ErrorCode returns the registered error code, or nil.
func (r *Registry) ErrorCode(code string) *ErrorCode {
	for _, c := range r.ErrorCodes {
		if c.Code == code {
			return c
		}
	}
	return nil
}

// IsCoreDenyKey reports whether key is on the deny list because the core
// registry puts it there (as opposed to the module's own deny_keys).
func (r *Registry) IsCoreDenyKey(key string) bool { return r.coreDeny[key] }

// Denied reports whether key is on the personal-data deny list.
func (r *Registry) Denied(key string) bool {
	for _, k := range r.DenyKeys {
		if k.Value == key {
			return true
		}
	}
	return false
}

// eventsFile is the layout of registry/events.yaml and of the core's
// events file. A module's file may leave out deny_keys and error_codes.
type eventsFile struct {
	Node       `yaml:"-"`
	Version    string       `yaml:"version"`
	DenyKeys   []Ident      `yaml:"deny_keys"`
	ErrorCodes []*ErrorCode `yaml:"error_codes"`
	Events     []*Event     `yaml:"events"`
	// RecordFields is the core's only.
	RecordFields []*RecordField `yaml:"record_fields"`
}

// metricsFile is the layout of registry/metrics.yaml.
type metricsFile struct {
	Node    `yaml:"-"`
	Version string    `yaml:"version"`
	Metrics []*Metric `yaml:"metrics"`
}

// ErrorCode is a code that error-severity records carry in error_code.
type ErrorCode struct {
	Node        `yaml:"-"`
	Code        string       `yaml:"code"`
	Description string       `yaml:"description"`
	Deprecated  *Deprecation `yaml:"deprecated"`

	// Core is set when the code comes from the runtime's core registry.
	Core bool `yaml:"-"`
}

// Event is one registered log event.
type Event struct {
	Node        `yaml:"-"`
	Name        string       `yaml:"name"`
	Severity    string       `yaml:"severity"`
	Description string       `yaml:"description"`
	Stability   string       `yaml:"stability"`
	Since       string       `yaml:"since"`
	Sampling    *Sampling    `yaml:"sampling"`
	ErrorCodes  []Ident      `yaml:"error_codes"`
	Fields      []*Field     `yaml:"fields"`
	Deprecated  *Deprecation `yaml:"deprecated"`
	RenamedFrom string       `yaml:"renamed_from"`
	// WandB says which keys of the event's records the W&B sink forwards,
	// and as what (wandb.go); nil forwards nothing.
	WandB *WandB `yaml:"wandb"`

	// Core is set when the event comes from the runtime's core registry.
	Core bool `yaml:"-"`
}

// Field returns the event's data field called name, or nil.
func (e *Event) Field(name string) *Field {
	for _, f := range e.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Sampling says which share of an event's records is kept.
type Sampling struct {
	Node `yaml:"-"`
	// Every names a run-time knob: keep the record when step % knob == 0.
	// The only knob is log_every.
	Every string `yaml:"every"`
	// OneIn keeps one record in OneIn, counted per process.
	OneIn int `yaml:"one_in"`
}

// Field is one key an event's data may carry.
type Field struct {
	Node        `yaml:"-"`
	Name        string       `yaml:"name"`
	Type        string       `yaml:"type"`
	Unit        string       `yaml:"unit"`
	Description string       `yaml:"description"`
	Required    bool         `yaml:"required"`
	Deprecated  *Deprecation `yaml:"deprecated"`
	RenamedFrom string       `yaml:"renamed_from"`
	// Values, when set, is the closed set of values of a categorical key
	// (string or list[string]): the filter refuses any other value, the
	// schema has an enum, the generated API a typed string.
	Values []*Value `yaml:"values"`

	// T is Type parsed; set by validation.
	T FieldType `yaml:"-"`
}

// ValueStrings returns the field's allowed values, in order (nil for an
// open key).
func (f *Field) ValueStrings() []string {
	var out []string
	for _, v := range f.Values {
		out = append(out, v.Value)
	}
	return out
}

// Value is one allowed value of a categorical data key.
type Value struct {
	Node        `yaml:"-"`
	Value       string `yaml:"value"`
	Description string `yaml:"description"`
}

// Deprecation marks an item that still works but should no longer be used.
type Deprecation struct {
	Node        `yaml:"-"`
	Since       string `yaml:"since"`
	Reason      string `yaml:"reason"`
	Replacement string `yaml:"replacement"`
}

// Metric is one registered metric.
type Metric struct {
	Node        `yaml:"-"`
	Name        string       `yaml:"name"`
	Kind        string       `yaml:"kind"`
	Unit        string       `yaml:"unit"`
	Description string       `yaml:"description"`
	Stability   string       `yaml:"stability"`
	Since       string       `yaml:"since"`
	Buckets     []float64    `yaml:"buckets"`
	Labels      []*Label     `yaml:"labels"`
	Deprecated  *Deprecation `yaml:"deprecated"`
	RenamedFrom string       `yaml:"renamed_from"`
	// WandB is "history" or "summary" when the W&B sink forwards the
	// metric's values (wandb.go); empty forwards nothing.
	WandB string `yaml:"wandb"`

	// PromName is the Prometheus exposition name; U the resolved unit.
	// Both are set by validation.
	PromName string `yaml:"-"`
	U        Unit   `yaml:"-"`

	// Core is set when the metric comes from the runtime's core registry.
	Core bool `yaml:"-"`
}

// Label is one label of a metric, always with a bounded set of values.
type Label struct {
	Node        `yaml:"-"`
	Name        string  `yaml:"name"`
	Description string  `yaml:"description"`
	Values      []Ident `yaml:"values"`
	// ValuesFrom takes the values from the registry: "events" (every event
	// name) or "error_codes" (every error code).
	ValuesFrom string `yaml:"values_from"`

	// Resolved is the full value set, in order; set by validation.
	Resolved []string `yaml:"-"`
}
