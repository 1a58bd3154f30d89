package obsevent_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/obsevent"
)

// TestAnalyzer runs the analyzer on planted violations, on wrappers across
// packages, and on the real runtime and generated code (which must be
// clean). testdata is a module in a workspace with this repository, so the
// cases use the real obslog and generated/events packages.
func TestAnalyzer(t *testing.T) {
	dir := analysistest.TestData()
	analysistest.RunWithSuggestedFixes(t, dir, obsevent.Analyzer,
		"example.com/lintcase/...",
		"github.com/genolewm/obs/runtime/obslog",
		"github.com/genolewm/obs/runtime/redact",
		"github.com/genolewm/obs/runtime/obsmetrics",
		"github.com/genolewm/obs/generated/...",
	)
}
