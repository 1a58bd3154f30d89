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

// Default returns the registry embedded in this package at build time:
// this repository's own module registry merged with the core.
func Default() (*Registry, error) {
	defaultOnce.Do(func() {
		ev, _ := embedded.ReadFile("events.yaml")
		me, _ := embedded.ReadFile("metrics.yaml")
		defaultReg, defaultErr = Parse(EventsPath, ev, MetricsPath, me)
	})
	return defaultReg, defaultErr
}

// LoadFiles reads a module's two registry files and parses them as Parse
// does, core merged in.
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

// Parse decodes a module's registry contents, merges the runtime's core
// registry into them (see merge) and validates the merged whole, so that
// every rule (values_from, error codes of events, the deny list) sees the
// core items as well. The names are used in error positions only. On
// error the result is an ErrorList.
func Parse(eventsName string, eventsData []byte, metricsName string, metricsData []byte) (*Registry, error) {
	e := &errs{}
	ef, mf := decodeFiles(eventsName, eventsData, metricsName, metricsData, e)
	cef, cmf := decodeCore(e)
	if err := e.err(); err != nil {
		return nil, err
	}
	checkFileVersions(cef, cmf, e)
	return finish(merge(ef, mf, cef, cmf, e), ef, mf, e)
}

// ParseStandalone decodes and validates registry contents as they are,
// without the core: for registries written before the core was split out
// of registry/events.yaml, which hold the core items themselves
// (internal/regdiff compares against such revisions).
func ParseStandalone(eventsName string, eventsData []byte, metricsName string, metricsData []byte) (*Registry, error) {
	e := &errs{}
	ef, mf := decodeFiles(eventsName, eventsData, metricsName, metricsData, e)
	if err := e.err(); err != nil {
		return nil, err
	}
	return finish(assemble(ef, mf), ef, mf, e)
}

// decodeFiles decodes both files strictly; problems go to e.
func decodeFiles(eventsName string, eventsData []byte, metricsName string, metricsData []byte, e *errs) (*eventsFile, *metricsFile) {
	ef := &eventsFile{}
	mf := &metricsFile{}
	ef.Pos = Pos{File: eventsName}
	mf.Pos = Pos{File: metricsName}
	parseYAML(eventsName, eventsData, ef, e)
	parseYAML(metricsName, metricsData, mf, e)
	return ef, mf
}

// assemble is the registry of one pair of files, nothing merged.
func assemble(ef *eventsFile, mf *metricsFile) *Registry {
	return &Registry{
		Version:      ef.Version,
		Events:       ef.Events,
		Metrics:      mf.Metrics,
		DenyKeys:     ef.DenyKeys,
		ErrorCodes:   ef.ErrorCodes,
		RecordFields: ef.RecordFields,
		eventsFile:   ef.Pos.File,
		metricsFile:  mf.Pos.File,
	}
}

// finish checks the module files' versions and validates r.
func finish(r *Registry, ef *eventsFile, mf *metricsFile, e *errs) (*Registry, error) {
	checkFileVersions(ef, mf, e)
	validate(r, ef, e)
	if err := e.err(); err != nil {
		return nil, err
	}
	return r, nil
}
