package registry

import (
	"embed"
	"os"
	"sync"
)

//go:embed events.yaml metrics.yaml
var embedded embed.FS

// Default file names, as they appear in error messages.
const (
	EventsPath  = "registry/events.yaml"
	MetricsPath = "registry/metrics.yaml"
)

var (
	defaultOnce sync.Once
	defaultReg  *Registry
	defaultErr  error
)

// Default returns the registry embedded in this package at build time.
func Default() (*Registry, error) {
	defaultOnce.Do(func() {
		ev, _ := embedded.ReadFile("events.yaml")
		me, _ := embedded.ReadFile("metrics.yaml")
		defaultReg, defaultErr = Parse(EventsPath, ev, MetricsPath, me)
	})
	return defaultReg, defaultErr
}

// LoadFiles reads and validates the two registry files.
func LoadFiles(eventsPath, metricsPath string) (*Registry, error) {
	ev, err := os.ReadFile(eventsPath)
	if err != nil {
		return nil, err
	}
	me, err := os.ReadFile(metricsPath)
	if err != nil {
		return nil, err
	}
	return Parse(eventsPath, ev, metricsPath, me)
}

// Parse decodes and validates registry contents. The names are used in
// error positions only. On error the result is an ErrorList.
func Parse(eventsName string, eventsData []byte, metricsName string, metricsData []byte) (*Registry, error) {
	e := &errs{}
	var ef eventsFile
	var mf metricsFile
	parseYAML(eventsName, eventsData, &ef, e)
	parseYAML(metricsName, metricsData, &mf, e)
	if err := e.err(); err != nil {
		return nil, err
	}
	r := &Registry{
		Version:     ef.Version,
		Events:      ef.Events,
		Metrics:     mf.Metrics,
		DenyKeys:    ef.DenyKeys,
		ErrorCodes:  ef.ErrorCodes,
		eventsFile:  eventsName,
		metricsFile: metricsName,
	}
	validate(r, &ef, &mf, e)
	if err := e.err(); err != nil {
		return nil, err
	}
	return r, nil
}
