package otlprules

import "github.com/genolewm/obs/internal/livecheck"

// Rule is a rule that dropped a key or refused a record. The first six
// are the redaction filter's key rules, in its order and with its names
// (runtime/internal/filter.Rule; runtime/otlptable's tests hold them
// equal); the others judge a whole record, span or data point.
type Rule uint8

const (
	RuleAllowlist Rule = iota
	RuleType
	RuleDeny
	RuleDNA
	RuleSize
	RuleValue
	// RuleUnregistered: the event, span or metric is not in the registry.
	RuleUnregistered
	// RuleSeverity: a log record's severity is not its event's.
	RuleSeverity
	// RuleErrorCode: an error record without a code registered for its
	// event, or another record with one.
	RuleErrorCode
	// RuleRequired: a required key (or a metric's label) is missing.
	RuleRequired
	// RuleUnit, RuleKind and RuleBuckets: a metric of another unit, kind or
	// histogram bounds than registered.
	RuleUnit
	RuleKind
	RuleBuckets
	NumRules
)

var ruleNames = [NumRules]string{"allowlist", "type", "deny", "dna", "size", "value",
	"unregistered", "severity", "error_code", "required", "unit", "kind", "buckets"}

func (r Rule) String() string {
	if r < NumRules {
		return ruleNames[r]
	}
	return "unknown"
}

// RuleNames lists every rule's name, in order: the values of the rule
// label of the processor's own telemetry.
func RuleNames() []string { return append([]string(nil), ruleNames[:]...) }

// Signal is an OTLP signal.
type Signal uint8

const (
	Logs Signal = iota
	Traces
	Metrics
	NumSignals
)

var signalNames = [NumSignals]string{"logs", "traces", "metrics"}

func (s Signal) String() string {
	if s < NumSignals {
		return signalNames[s]
	}
	return "unknown"
}

// Part is where in OTLP data a finding was made.
type Part uint8

const (
	PartRecord   Part = iota // the log record, span or data point as a whole
	PartAttr                 // an attribute of the record, span or point
	PartTop                  // a genolewm.* attribute (a record's top-level field)
	PartBody                 // a log record's body
	PartResource             // a resource attribute or field
	PartScope                // an instrumentation scope's name, version or attribute
	PartEvent                // a span event
	PartLink                 // a span link
	PartStatus               // a span's status message
	PartMetric               // a metric's identity, description or metadata
	PartExemplar             // an exemplar of a data point
)

var partNames = [...]string{"record", "attribute", "top-level attribute", "body", "resource", "scope", "span event", "span link", "status", "metric", "exemplar"}

func (p Part) String() string {
	if int(p) < len(partNames) {
		return partNames[p]
	}
	return "unknown"
}

// kind is the live-check finding kind of a rule, so that the report of
// OTLP traffic reads as `obsgen live-check` does on files.
func (f *Finding) kind() livecheck.Kind {
	switch f.Rule {
	case RuleAllowlist:
		if f.Part == PartEvent {
			return livecheck.UnregisteredEvent
		}
		if f.Signal == Metrics {
			return livecheck.UnknownLabel
		}
		return livecheck.UnknownKey
	case RuleType:
		return livecheck.WrongType
	case RuleDeny:
		return livecheck.DeniedKey
	case RuleDNA:
		return livecheck.DNA
	case RuleSize:
		return livecheck.BadValue
	case RuleValue:
		if f.Signal == Metrics {
			return livecheck.LabelValue
		}
		return livecheck.OutOfSet
	case RuleUnregistered:
		switch f.Signal {
		case Traces:
			return livecheck.UnregisteredSpan
		case Metrics:
			return livecheck.UnregisteredMetric
		}
		return livecheck.UnregisteredEvent
	case RuleSeverity:
		return livecheck.WrongSeverity
	case RuleErrorCode:
		if f.Missing {
			return livecheck.MissingErrorCode
		}
		return livecheck.BadErrorCode
	case RuleRequired:
		if f.Signal == Metrics {
			return livecheck.MissingLabel
		}
		return livecheck.MissingField
	case RuleUnit:
		return livecheck.UnitMismatch
	case RuleKind:
		return livecheck.WrongKind
	case RuleBuckets:
		return livecheck.BucketMismatch
	}
	return livecheck.Malformed
}
