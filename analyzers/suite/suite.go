// Package suite lists the obslint analyzers, for cmd/obslint and the
// golangci-lint plugin, and applies settings shared by several of them.
package suite

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/genolewm/obs/analyzers/noprint"
	"github.com/genolewm/obs/analyzers/obsevent"
	"github.com/genolewm/obs/analyzers/obsgenimpl"
	"github.com/genolewm/obs/analyzers/obsmetric"
	"github.com/genolewm/obs/analyzers/obsredact"
)

// Analyzers returns the observability analyzers: INV-OBS-1 (obsevent),
// INV-OBS-2 (obsmetric), INV-OBS-3 within a package (obsredact), the
// generated-code-only API (obsgenimpl) and Principle 1 (noprint). The
// analyzers they require (obsregistry, which finds each package's
// registry) run with them.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{obsevent.Analyzer, obsmetric.Analyzer, obsredact.Analyzer, obsgenimpl.Analyzer, noprint.Analyzer}
}

// all returns the suite and the analyzers it requires, each once.
func all() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(as []*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
				visit(a.Requires)
			}
		}
	}
	visit(Analyzers())
	return out
}

// SetFlag sets flag name on every analyzer of the suite, or required by
// it, that has it, and fails if none does.
func SetFlag(name, value string) error {
	found := false
	for _, a := range all() {
		if a.Flags.Lookup(name) != nil {
			if err := a.Flags.Set(name, value); err != nil {
				return fmt.Errorf("%s: -%s: %v", a.Name, name, err)
			}
			found = true
		}
	}
	if !found {
		return fmt.Errorf("no obslint analyzer has a flag %q", name)
	}
	return nil
}

// RegistryFlag is a flag.Value that sets -registry on the analyzer that
// finds each package's registry (obsregistry), overriding what the
// obsgen-generated packages hold.
type RegistryFlag struct{ value string }

func (r *RegistryFlag) String() string { return r.value }

// Set loads nothing itself: the analyzers load (and cache) the registry.
func (r *RegistryFlag) Set(s string) error {
	r.value = s
	return SetFlag("registry", s)
}
