package obsregistry_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/internal/analysisutil/obsregistry"
)

// TestDiscovery checks which registry each package of testdata sees, with
// no flag: a generated package its own, its dependents (direct or not)
// the nearest one by import path, a package with none nil; and that the
// generated packages export their registry as a fact (// want package:).
func TestDiscovery(t *testing.T) {
	want := map[string]struct {
		source    string // "" for none
		generated bool
	}{
		"example.com/regcase/app/events":   {"registry of example.com/regcase/app/events", true},
		"example.com/regcase/app/meters":   {"registry of example.com/regcase/app/events", true},
		"example.com/regcase/app/jobs":     {"registry of example.com/regcase/app/events", false},
		"example.com/regcase/app/worker":   {"registry of example.com/regcase/app/events", false},
		"example.com/regcase/app/mixed":    {"registry of example.com/regcase/app/events", false},
		"example.com/regcase/other/events": {"registry of example.com/regcase/other/events", true},
		"example.com/regcase/tie/use":      {"registry of example.com/regcase/tie/x/events", false},
		"example.com/regcase/none":         {"", false},
		"example.com/regcase/fake":         {"", false},
	}
	var pkgs []string
	for p := range want {
		pkgs = append(pkgs, p)
	}
	for _, r := range analysistest.Run(t, analysistest.TestData(), obsregistry.Analyzer, pkgs...) {
		path := r.Pass.Pkg.Path()
		w, ok := want[path]
		if !ok {
			continue
		}
		res := r.Result.(*obsregistry.Result)
		got := ""
		if res.Names != nil {
			got = res.Names.Source
		}
		if got != w.source || res.Generated != w.generated {
			t.Errorf("%s: registry %q, generated %v; want %q, %v", path, got, res.Generated, w.source, w.generated)
		}
	}
}

// TestRegistryFlag checks that -registry overrides what the packages hold.
func TestRegistryFlag(t *testing.T) {
	if err := obsregistry.Analyzer.Flags.Set("registry", "../../../registry"); err != nil {
		t.Fatal(err)
	}
	defer obsregistry.Analyzer.Flags.Set("registry", "")
	for _, r := range analysistest.Run(t, analysistest.TestData(), obsregistry.Analyzer, "example.com/regcase/app/jobs", "example.com/regcase/none") {
		res := r.Result.(*obsregistry.Result)
		if res.Names == nil || res.Names.Events["training.step"] == nil || res.Names.Events["error"] == nil {
			t.Errorf("%s: -registry not applied (or the core not merged): %+v", r.Pass.Pkg.Path(), res.Names)
		}
	}
}
