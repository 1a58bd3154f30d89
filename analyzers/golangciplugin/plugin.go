// Package golangciplugin is the golangci-lint v2 module plugin of the
// observability analyzers (obsevent, obsmetric, obsredact, obsgenimpl,
// noprint).
//
// Build a golangci-lint binary that includes it (tools/golangci-custom),
// then enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable: [obslint]
//	  settings:
//	    custom:
//	      obslint:
//	        type: module
//	        description: GenoLeWM observability invariants
//	        settings:
//	          registry: path/to/registry   # optional; see below
//	          registry-hash: "..."         # optional; see below
//	          flags:                       # optional per-analyzer flags
//	            noprint: {exempt: "example.com/app/cli/..."}
//	issues:                                  # show every finding
//	  uniq-by-line: false
//	  max-same-issues: 0
//	  max-issues-per-linter: 0
//
// Without the issues section golangci-lint keeps one issue per line,
// three with the same text and 50 per linter, so an obslint finding can
// hide behind another linter's on the same line (errcheck's, on an
// unchecked l.Emit) or behind its own.
//
// No setting is needed: each package is checked against the registry of
// the obsgen-generated events package it depends on, which is Go source
// like any other, so golangci-lint's cache sees its changes. registry
// overrides that with YAML files (a directory holding events.yaml and
// metrics.yaml, or EVENTS.yaml,METRICS.yaml). golangci-lint caches results
// by Go file content, not by the YAML the plugin reads: with registry, put
// a hash of the files in registry-hash (any string; the plugin ignores it)
// so that a registry change invalidates the cache, or run golangci-lint
// cache clean.
package golangciplugin

import (
	"fmt"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/genolewm/obs/analyzers/suite"
)

func init() {
	register.Plugin("obslint", New)
}

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	Registry     string                       `json:"registry"`
	RegistryHash string                       `json:"registry-hash"`
	Flags        map[string]map[string]string `json:"flags"`
}

// Plugin is the obslint golangci-lint plugin.
type Plugin struct{ settings Settings }

// New decodes the settings (unknown keys are an error) and applies them.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("obslint: %v", err)
	}
	if s.Registry != "" {
		if err := suite.SetFlag("registry", s.Registry); err != nil {
			return nil, fmt.Errorf("obslint: %v", err)
		}
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range suite.Analyzers() {
		byName[a.Name] = a
	}
	names := make([]string, 0, len(s.Flags))
	for n := range s.Flags {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := byName[n]
		if a == nil {
			return nil, fmt.Errorf("obslint: settings.flags: no analyzer %q (have %s)", n, strings.Join(sortedNames(byName), ", "))
		}
		for k, v := range s.Flags[n] {
			if err := a.Flags.Set(k, v); err != nil {
				return nil, fmt.Errorf("obslint: settings.flags.%s.%s: %v", n, k, err)
			}
		}
	}
	return &Plugin{settings: s}, nil
}

func sortedNames(m map[string]*analysis.Analyzer) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// BuildAnalyzers returns the suite.
func (*Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return suite.Analyzers(), nil }

// GetLoadMode asks for type information: every rule needs it.
func (*Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
