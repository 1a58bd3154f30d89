package obsmetric_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/obsmetric"
)

// TestAnalyzer runs the analyzer on planted violations and on the real
// runtime, generated handles and metric exporters, which must be clean.
func TestAnalyzer(t *testing.T) {
	if err := obsmetric.Analyzer.Flags.Set("generated", "github.com/genolewm/obs/generated/...,example.com/lintcase/gen"); err != nil {
		t.Fatal(err)
	}
	dir := analysistest.TestData()
	analysistest.RunWithSuggestedFixes(t, dir, obsmetric.Analyzer,
		"example.com/lintcase/...",
		"github.com/genolewm/obs/runtime/obsmetrics",
		"github.com/genolewm/obs/runtime/obslog",
		"github.com/genolewm/obs/generated/...",
	)
}
