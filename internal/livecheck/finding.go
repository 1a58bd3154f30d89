package livecheck

import (
	"strconv"

	"github.com/genolewm/obs/registry"
)

// Kind names one sort of finding; it is stable, for tools that read the
// JSON report.
type Kind string

// Violations.
const (
	Malformed          Kind = "malformed"           // not one JSON object per line, or a .prom syntax error
	UnregisteredEvent  Kind = "unregistered-event"  // event not in the registry
	UnknownKey         Kind = "unknown-key"         // top-level or data key outside the allowlist
	DeniedKey          Kind = "denied-key"          // data key on the personal-data deny list
	DuplicateKey       Kind = "duplicate-key"       // a key twice in one object
	WrongType          Kind = "wrong-type"          // value of another type than registered
	BadValue           Kind = "bad-value"           // right type, wrong form (ts, trace ids, negative counts)
	MissingField       Kind = "missing-field"       // required top-level field or data key absent
	WrongSeverity      Kind = "wrong-severity"      // severity other than the event's registered one
	MissingErrorCode   Kind = "missing-error-code"  // error record without error_code
	BadErrorCode       Kind = "bad-error-code"      // code not registered for the event, or on a non-error record
	DNA                Kind = "dna"                 // a run of 20 or more DNA letters in any string
	OutOfSet           Kind = "out-of-set"          // categorical data value outside its registered set (position only, never the value)
	UnregisteredMetric Kind = "unregistered-metric" // metric family not in the registry
	UnregisteredSpan   Kind = "unregistered-span"   // span name not in the registry (OTLP traffic)
	WrongKind          Kind = "wrong-kind"          // metric TYPE other than the registered kind
	UnknownLabel       Kind = "unknown-label"       // label not registered for the metric
	MissingLabel       Kind = "missing-label"       // registered label absent from a series
	LabelValue         Kind = "label-value"         // label value outside its registered set
	UnitMismatch       Kind = "unit-mismatch"       // name suffix or bucket scale of another unit
	BucketMismatch     Kind = "bucket-mismatch"     // histogram bounds other than the registered ones
	Timestamp          Kind = "timestamp"           // sample with a timestamp (textfile collectors reject the file)
	DuplicateSeries    Kind = "duplicate-series"    // the same series twice in one file
	NotCovered         Kind = "not-covered"         // registered item never seen, with RequireCoverage
	Unreadable         Kind = "unreadable"          // file could not be read, or of an unknown type
)

// Warnings: reported, but they do not fail the check.
const (
	Deprecated Kind = "deprecated" // a deprecated event, key or metric is still emitted
)

// Kinds lists every kind of finding, warnings last.
var Kinds = []Kind{
	Malformed, UnregisteredEvent, UnknownKey, DeniedKey, DuplicateKey, WrongType, BadValue,
	MissingField, WrongSeverity, MissingErrorCode, BadErrorCode, DNA, OutOfSet, UnregisteredMetric, UnregisteredSpan,
	WrongKind, UnknownLabel, MissingLabel, LabelValue, UnitMismatch, BucketMismatch,
	Timestamp, DuplicateSeries, NotCovered, Unreadable, Deprecated,
}

// Finding is one problem at one place.
type Finding struct {
	Pos     string `json:"pos"`
	Kind    Kind   `json:"kind"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
}

func (f Finding) String() string {
	s := f.Pos + ": " + string(f.Kind) + ": " + f.Message
	if f.Warning {
		s += " (warning)"
	}
	return s
}

// QuoteName shows a name taken from the input as findings do (see quote),
// for reports of live traffic built outside this package.
func QuoteName(name string) string { return quote([]byte(name)) }

// quote shows a name taken from the input (an event name, a key) in a
// finding. Names that hold a DNA run, or are long, are not shown: the
// finding must not leak what it reports.
func quote(b []byte) string {
	switch {
	case registry.HasDNARun(string(b)):
		return "(a name holding a DNA run, not shown)"
	case len(b) > 80:
		return strconv.Quote(string(b[:60])) + "... (" + strconv.Itoa(len(b)) + " bytes)"
	}
	return strconv.Quote(string(b))
}
