package schema

import "github.com/genolewm/obs/runtime/internal/metric"

// Spec is a registry as plain data: what obsgen writes into generated
// code, and what Compile turns into a sealed Registry. Compile copies
// everything it keeps, so a Spec can be discarded (or changed) afterwards
// without any effect.
type Spec struct {
	// Version is the module registry's semantic version.
	Version string
	// CoreVersion is the version of the runtime's core registry that
	// obsgen merged in; it must equal the runtime's.
	CoreVersion string
	// DenyKeys are the personal-data keys; they include the core's.
	DenyKeys []string
	// Codes are the error code names; code n is Codes[n-1].
	Codes []string
	// Events are the events; event n has EventID n.
	Events []EventSpec
	// Metrics are the metric families, in registry order.
	Metrics []metric.Desc
}

// EventSpec describes one event.
type EventSpec struct {
	Name     string
	Severity Severity
	Sampling SamplingRule
	// OneIn is n of the OneIn sampling rule.
	OneIn  uint32
	Fields []Field
	// Codes are the error codes an error record of the event may carry.
	Codes []ErrorCode
	// WandB is what the W&B sink makes of the event's records, WandBFields
	// the keys it forwards and WandBKey, when set, the required string key
	// whose value names the items (registry/wandb.go).
	WandB       WandBRole
	WandBFields []string
	WandBKey    string
}

// WandBRole is metric.WandBRole, for events.
type WandBRole = metric.WandBRole

// The W&B roles.
const (
	WandBNone    = metric.WandBNone
	WandBHistory = metric.WandBHistory
	WandBSummary = metric.WandBSummary
	WandBConfig  = metric.WandBConfig
)
