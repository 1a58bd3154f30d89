package registry

// RecordField is one top-level field of a log record (record_fields in
// the core events file). The runtime writes each of them itself, so the
// list names only fields it knows (RuntimeRecordFields); what the
// registry adds is whether a field is required, its type and bounds, and
// since which core version it exists, for the schema, the docs, live-check
// and obsgen diff.
type RecordField struct {
	Node        `yaml:"-"`
	Name        string `yaml:"name"`
	Type        string `yaml:"type"`
	Required    bool   `yaml:"required"`
	Min         *int   `yaml:"min"`
	Since       string `yaml:"since"`
	Description string `yaml:"description"`
}

// RuntimeRecordFields are the top-level fields the runtime writes, with
// their JSON types: record_fields may list only these, each at its type.
var RuntimeRecordFields = map[string]string{
	"ts": "string", "severity": "string", "event": "string", "run_id": "string",
	"rank": "int", "world_size": "int", "local_rank": "int",
	"step": "int", "epoch": "int", "phase": "string", "duration_ms": "int",
	"trace_id": "string", "span_id": "string", "error_code": "string",
	"data": "object",
}

// RecordField returns the record field called name, or nil.
func (r *Registry) RecordField(name string) *RecordField {
	for _, f := range r.RecordFields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// validateRecordFields checks the core's record fields.
func validateRecordFields(r *Registry, e *errs) {
	if len(r.RecordFields) == 0 {
		return // a standalone module registry (ParseStandalone) has none
	}
	seen := map[string]bool{}
	for _, f := range r.RecordFields {
		want, known := RuntimeRecordFields[f.Name]
		switch {
		case !known:
			e.add(f.At("name"), "list only fields the runtime writes", "record field %q is not written by the runtime", f.Name)
		case seen[f.Name]:
			e.add(f.At("name"), "remove the duplicate", "record field %q is listed twice", f.Name)
		case f.Type != want:
			e.add(f.At("type"), "use type "+want, "record field %q has type %q; the runtime writes it as %s", f.Name, f.Type, want)
		}
		seen[f.Name] = true
		if f.Min != nil && f.Type != "int" {
			e.add(f.At("min"), "remove min", "record field %q: min applies to int fields only", f.Name)
		}
		if f.Since != "" && !semverRe.MatchString(f.Since) {
			e.add(f.At("since"), "write a version such as 1.1.0", "record field %q: since is not a semantic version", f.Name)
		}
		checkDescription(&f.Node, f.Description, "record field "+f.Name, e)
	}
	for _, name := range []string{"ts", "severity", "event", "run_id", "data"} {
		if f := r.RecordField(name); f == nil || !f.Required {
			e.add(Pos{File: CoreEventsPath}, "list it with required: true", "record field %q must be listed as required", name)
		}
	}
}

// RankLabel is the label the runtime puts on every series of a
// multi-process run's metrics; no registered metric may carry it.
const RankLabel = "rank"
