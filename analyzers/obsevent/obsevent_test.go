package obsevent_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/obsevent"
)

// TestAnalyzer runs the analyzer, with no flag, on planted violations, on
// wrappers across packages, on a module tree with its own generated
// registry (found through facts, directly, transitively and among two
// registries), on a package that sees none, and on the real runtime and
// generated code (which must be clean). testdata is a module in a
// workspace with this repository, so the cases use the real observe and
// generated/events packages.
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), obsevent.Analyzer,
		"example.com/lintcase/...",
		"github.com/genolewm/obs/runtime/...",
		"github.com/genolewm/obs/generated/...",
	)
}

// TestDesignations designates another code base's variadic logger, whose
// event name is the first variadic argument: a spread call cannot be
// checked and is reported.
func TestDesignations(t *testing.T) {
	flag := obsevent.Analyzer.Flags.Lookup("emit")
	old := flag.Value.String()
	if err := flag.Value.Set("(example.com/designated/kvlog.Logger).Log:1"); err != nil {
		t.Fatal(err)
	}
	defer flag.Value.Set(old)
	analysistest.Run(t, analysistest.TestData(), obsevent.Analyzer, "example.com/designated/...")
}
