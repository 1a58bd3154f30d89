package noprint_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/noprint"
)

// TestAnalyzer checks every form of free-text print in a library package;
// the main package and the test file of the same package are exempt.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), noprint.Analyzer, "example.com/lintcase/...")
}
