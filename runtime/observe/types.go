package observe

import (
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// Registry is a compiled, sealed registry: a module's events, error codes,
// deny list and metric families, with the runtime's core items merged in.
// A generated events package returns its own from Registry(); there is no
// other way to make one. Its methods only read.
type Registry = schema.Registry

// Severity is a record's severity: Debug, Info, Warn or Error. A record's
// severity is always the one its event is registered at.
type Severity = schema.Severity

// The severities, in increasing order.
const (
	Debug = schema.Debug
	Info  = schema.Info
	Warn  = schema.Warn
	Error = schema.Error
)

// ParseSeverity parses debug, info, warn or error.
func ParseSeverity(s string) (Severity, bool) { return schema.ParseSeverity(s) }

// Sink receives filtered records: a Record can only be made by the
// redaction filter, so whatever reaches a sink has passed it. WriteRecord
// must not keep the record, or its bytes, after it returns, and must be
// safe for concurrent use.
type Sink = filter.Sink

// Record is one filtered record, encoded as one JSON line.
type Record = filter.Record

// InvariantViolation is the spec's InternalError.InvariantViolation:
// strict redaction refused a record. It names the event and the rules that
// tripped, never the keys or values.
type InvariantViolation = filter.InvariantViolation
