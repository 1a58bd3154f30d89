// Package metadata holds what metadata.yaml declares: the component type,
// its stability and the names of its own telemetry. It is what mdatagen
// would generate as generated_status.go and generated_telemetry.go,
// written by hand (mdatagen is not served by the module proxy here);
// metadata_test.go in the processor's package checks it against
// metadata.yaml.
package metadata

import "go.opentelemetry.io/collector/component"

// Type is the processor's type in a configuration: genolewm_registry.
var Type = component.MustNewType("genolewm_registry")

// ScopeName is the instrumentation scope of the processor's telemetry.
const ScopeName = "github.com/genolewm/obs/tools/registryprocessor"

// Stability of each signal.
const (
	LogsStability    = component.StabilityLevelAlpha
	TracesStability  = component.StabilityLevelAlpha
	MetricsStability = component.StabilityLevelAlpha
)

// The processor's own metrics, named as mdatagen names a component's
// telemetry: otelcol_ followed by the metadata.yaml name.
const (
	MetricKeysDropped  = "otelcol_genolewm_registry_keys_dropped"
	MetricItemsRefused = "otelcol_genolewm_registry_items_refused"
)
