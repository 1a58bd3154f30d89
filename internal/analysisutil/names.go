package analysisutil

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Event is what the analyzers need to know about a registered event.
type Event struct {
	Name     string
	Severity string
	Codes    map[string]bool
}

// Metric is what the analyzers need to know about a registered metric.
type Metric struct {
	Name string
	Kind string
}

// Names is the part of a registry the analyzers check against. Its
// fields are exported so that it can travel in a gob-encoded fact.
type Names struct {
	// Source says where the names come from, for messages: "registry of
	// example.com/app/events", or the -registry files.
	Source     string
	Events     map[string]*Event
	Metrics    map[string]*Metric
	ErrorCodes map[string]bool
}

func newNames(source string) *Names {
	return &Names{Source: source, Events: map[string]*Event{}, Metrics: map[string]*Metric{}, ErrorCodes: map[string]bool{}}
}

// EventNames returns the registered event names, sorted.
func (n *Names) EventNames() []string { return sortedKeys(n.Events) }

// MetricNames returns the registered metric names, sorted.
func (n *Names) MetricNames() []string { return sortedKeys(n.Metrics) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RegistryConst is the name of the constant that obsgen writes into every
// generated events package: the registry's names as JSON (see
// cmd/obsgen/gen_lintnames.go, which must stay in step with jsonNames).
const RegistryConst = "obsgenRegistry"

// jsonNames is the JSON form of RegistryConst's value.
type jsonNames struct {
	Version string `json:"version"`
	Events  []struct {
		Name     string   `json:"name"`
		Severity string   `json:"severity"`
		Codes    []string `json:"codes"`
	} `json:"events"`
	Metrics []struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	} `json:"metrics"`
	ErrorCodes []string `json:"error_codes"`
}

// ParseNames parses the value of a RegistryConst constant. Unknown keys
// are ignored, so that a newer obsgen can add some.
func ParseNames(data, source string) (*Names, error) {
	var j jsonNames
	if err := json.Unmarshal([]byte(data), &j); err != nil {
		return nil, fmt.Errorf("%s: %s is not the JSON obsgen writes: %v", source, RegistryConst, err)
	}
	n := newNames(source)
	for _, c := range j.ErrorCodes {
		n.ErrorCodes[c] = true
	}
	for _, e := range j.Events {
		if e.Name == "" {
			return nil, fmt.Errorf("%s: %s holds an event without a name", source, RegistryConst)
		}
		ev := &Event{Name: e.Name, Severity: e.Severity, Codes: map[string]bool{}}
		for _, c := range e.Codes {
			ev.Codes[c] = true
		}
		n.Events[e.Name] = ev
	}
	for _, m := range j.Metrics {
		if m.Name == "" {
			return nil, fmt.Errorf("%s: %s holds a metric without a name", source, RegistryConst)
		}
		n.Metrics[m.Name] = &Metric{Name: m.Name, Kind: m.Kind}
	}
	return n, nil
}
