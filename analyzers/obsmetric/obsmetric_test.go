package obsmetric_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/obsmetric"
)

// TestAnalyzer runs the analyzer, with no flag, on planted violations, on
// a generated package (exempt), on a module tree with its own generated
// registry, and on the real runtime (registry compiler, metric exporters,
// tracing), generated handles and generated events, which must be clean.
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), obsmetric.Analyzer,
		"example.com/lintcase/bad",
		"example.com/lintcase/gen",
		"example.com/lintcase/otel",
		"example.com/lintcase/promuse",
		"example.com/lintcase/app/...",
		"github.com/genolewm/obs/runtime/observe",
		"github.com/genolewm/obs/runtime/internal/...",
		"github.com/genolewm/obs/generated/...",
	)
}

// TestDesignations designates testdata's own metric package, as another
// code base would its runtime's, to check the constructor and descriptor
// rules and -owners.
func TestDesignations(t *testing.T) {
	set(t, "constructors", "example.com/lintcase/fake.NewFamily")
	set(t, "desc", "example.com/lintcase/fake.Desc")
	set(t, "owners", "example.com/lintcase/fakeowner")
	defer set(t, "constructors", "github.com/genolewm/obs/runtime/internal/metric.NewFamily")
	defer set(t, "desc", "github.com/genolewm/obs/runtime/internal/metric.Desc")
	defer set(t, "owners", "github.com/genolewm/obs/runtime/internal/schema")
	analysistest.Run(t, analysistest.TestData(), obsmetric.Analyzer, "example.com/lintcase/fake...")
}

func set(t *testing.T, name, value string) {
	t.Helper()
	if err := obsmetric.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
}
