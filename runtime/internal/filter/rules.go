package filter

import (
	"fmt"
	"strings"
)

// Rule is a redaction rule. The order of the constants is the order of
// the rule label of geno_lewm.observability.redacted_keys.
type Rule uint8

const (
	RuleAllowlist Rule = iota
	RuleType
	RuleDeny
	RuleDNA
	// RuleSize drops a list or map longer than its cap; a whole record
	// over its cap is refused (Result.TooLarge).
	RuleSize
	// RuleValue drops a categorical key whose value (or a list element)
	// is outside the key's registered value set.
	RuleValue
	numRules
)

var ruleNames = [...]string{"allowlist", "type", "deny", "dna", "size", "value"}

func (r Rule) String() string {
	if r < numRules {
		return ruleNames[r]
	}
	return "unknown"
}

// Result is what the filter did to one record.
type Result struct {
	// Dropped counts dropped keys by rule.
	Dropped [numRules]uint32
	// BadCode is set when an error record lacked an allowed error code, or
	// a non-error record carried one.
	BadCode bool
	// MissingRequired is set when a key the registry marks required is
	// absent (never sent, or dropped by a rule). Strict mode refuses such
	// a record: it would not match docs/api/log-record.schema.json.
	MissingRequired bool
	// TooLarge is set when the encoded record is longer than the filter's
	// MaxRecord: it is refused whole, in either mode.
	TooLarge bool
}

// Total is the number of dropped keys.
func (r *Result) Total() int {
	n := 0
	for _, d := range r.Dropped {
		n += int(d)
	}
	return n
}

// Offending reports whether the record broke any rule.
func (r *Result) Offending() bool {
	return r.BadCode || r.MissingRequired || r.TooLarge || r.Total() > 0
}

// Rules lists the names of the rules that tripped.
func (r *Result) Rules() []string {
	var out []string
	for i, d := range r.Dropped {
		// A record over the size cap trips the size rule as a whole.
		if d > 0 || Rule(i) == RuleSize && r.TooLarge {
			out = append(out, Rule(i).String())
		}
	}
	if r.BadCode {
		out = append(out, "error_code")
	}
	if r.MissingRequired {
		out = append(out, "required")
	}
	return out
}

// InvariantViolation is the spec's InternalError.InvariantViolation: strict
// redaction refused a record. It names the event and the rules, never the
// keys or values.
type InvariantViolation struct {
	Event  string
	Result Result
}

func (e *InvariantViolation) Error() string {
	return fmt.Sprintf("InternalError.InvariantViolation: record of event %s refused by strict redaction (rules: %s; %d keys)",
		e.Event, strings.Join(e.Result.Rules(), ", "), e.Result.Total())
}
