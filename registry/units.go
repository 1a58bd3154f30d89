package registry

import (
	"sort"
	"strings"
)

// Unit maps a registry metric unit to OpenTelemetry (UCUM) and Prometheus
// (base units) conventions.
type Unit struct {
	// Name is the unit as written in metrics.yaml.
	Name string
	// UCUM is the unit OpenTelemetry export carries ("ms", "By", "1").
	UCUM string
	// Suffix is the Prometheus base-unit suffix of the exposition name
	// ("seconds", "bytes"), empty for counts and unitless values.
	Suffix string
	// Scale converts a recorded value to the Prometheus base unit:
	// exposed = recorded * Scale. Divisor is 1/Scale when that is a whole
	// number, so the conversion can be done as an exact division.
	Scale   float64
	Divisor float64
}

// units are the metric units a registry may use. Durations are recorded in
// milliseconds (the spec's unit) and exposed to Prometheus in seconds.
var units = map[string]Unit{
	"ms":              {UCUM: "ms", Suffix: "seconds", Scale: 0.001, Divisor: 1000},
	"s":               {UCUM: "s", Suffix: "seconds", Scale: 1, Divisor: 1},
	"bytes":           {UCUM: "By", Suffix: "bytes", Scale: 1, Divisor: 1},
	"unitless":        {UCUM: "1", Scale: 1, Divisor: 1},
	"events":          {UCUM: "{event}", Scale: 1, Divisor: 1},
	"ops":             {UCUM: "{operation}", Scale: 1, Divisor: 1},
	"keys":            {UCUM: "{key}", Scale: 1, Divisor: 1},
	"predictor calls": {UCUM: "{call}", Scale: 1, Divisor: 1},
	"variants/s":      {UCUM: "{variant}/s", Suffix: "variants_per_second", Scale: 1, Divisor: 1},
}

// LookupUnit returns the unit called name.
func LookupUnit(name string) (Unit, bool) {
	u, ok := units[name]
	u.Name = name
	return u, ok
}

// UnitNames lists the known metric units, sorted.
func UnitNames() []string {
	var names []string
	for n := range units {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// PromName derives the Prometheus exposition name of a metric: dots become
// underscores, the base-unit suffix is appended unless the name already ends
// with it, and counters end in _total.
func PromName(name, kind string, u Unit) string {
	n := strings.ReplaceAll(name, ".", "_")
	if u.Suffix != "" && !strings.HasSuffix(n, "_"+u.Suffix) {
		n += "_" + u.Suffix
	}
	if kind == "counter" {
		n += "_total"
	}
	return n
}
