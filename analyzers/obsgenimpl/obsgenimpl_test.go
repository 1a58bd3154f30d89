package obsgenimpl_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/obsgenimpl"
)

// TestAnalyzer checks hand-written imports of runtime/genimpl (plain,
// named, blank; in a hand-written file of a generated package; in an
// external test), and that the generated code and the runtime of this
// repository are clean.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), obsgenimpl.Analyzer,
		"example.com/lintcase/...",
		"github.com/genolewm/obs/generated/...",
		"github.com/genolewm/obs/runtime/...",
	)
}
