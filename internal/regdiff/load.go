package regdiff

import (
	"os"

	"gopkg.in/yaml.v3"

	"github.com/genolewm/obs/registry"
)

// ParseBase loads a base registry, from a revision or from files, in
// either layout it has had:
//
//   - today's: a module registry that the core is merged into, as
//     registry.Parse does;
//   - before the core was split out of registry/events.yaml: the module
//     file holds the core items itself, which it shows by defining the
//     core's error event. It is loaded as it is (registry.ParseStandalone),
//     since merging would report every core item as a clash.
//
// Either way the result holds the same items, so the split itself shows
// no change against a merged head.
func ParseBase(eventsName string, eventsData []byte, metricsName string, metricsData []byte) (*registry.Registry, error) {
	if preSplit(eventsData) {
		return registry.ParseStandalone(eventsName, eventsData, metricsName, metricsData)
	}
	return registry.Parse(eventsName, eventsData, metricsName, metricsData)
}

// LoadBaseFiles reads a base registry's two files and loads them with
// ParseBase.
func LoadBaseFiles(eventsPath, metricsPath string) (*registry.Registry, error) {
	ev, err := os.ReadFile(eventsPath)
	if err != nil {
		return nil, err
	}
	me, err := os.ReadFile(metricsPath)
	if err != nil {
		return nil, err
	}
	return ParseBase(eventsPath, ev, metricsPath, me)
}

// preSplit reports whether an events file defines the core's error event
// itself. The look is lenient: a file it cannot read is taken to be in
// today's layout, and the strict parse reports what is wrong with it.
func preSplit(eventsData []byte) bool {
	var probe struct {
		Events []struct {
			Name string `yaml:"name"`
		} `yaml:"events"`
	}
	if yaml.Unmarshal(eventsData, &probe) != nil {
		return false
	}
	for _, e := range probe.Events {
		if e.Name == registry.CoreErrorEvent {
			return true
		}
	}
	return false
}
