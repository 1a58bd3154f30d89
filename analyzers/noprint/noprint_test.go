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

// TestFacts follows print functions out of a package that may print
// (-exempt) into the instrumented packages that use them.
func TestFacts(t *testing.T) {
	flag := noprint.Analyzer.Flags.Lookup("exempt")
	old := flag.Value.String()
	if err := flag.Value.Set("example.com/values/diag"); err != nil {
		t.Fatal(err)
	}
	defer flag.Value.Set(old)
	analysistest.Run(t, analysistest.TestData(), noprint.Analyzer, "example.com/values/...")
}
