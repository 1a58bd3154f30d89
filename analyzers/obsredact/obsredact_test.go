package obsredact_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/genolewm/obs/analyzers/obsredact"
)

// TestBypasses checks every bypass of the filter that code outside the
// runtime can write, that generated code is exempt, and that the real
// filter, sinks, logger and exporters are clean.
func TestBypasses(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), obsredact.Analyzer,
		"example.com/lintcase/bypass",
		"example.com/lintcase/reflhelper",
		"example.com/lintcase/reflcaller",
		"example.com/lintcase/trusted/...",
		"example.com/lintcase/logfile",
		"example.com/lintcase/good",
		"example.com/lintcase/gen",
		"github.com/genolewm/obs/runtime/...",
		"github.com/genolewm/obs/generated/...",
	)
}

// TestFilterDominance designates filters written wrongly and checks the
// dominance and data-flow rules inside a filter.
func TestFilterDominance(t *testing.T) {
	const p = "(*example.com/lintcase/filt.Filter)."
	set(t, "filter", p+"Good,"+p+"Skip,"+p+"Maybe,"+p+"Raw,"+p+"Swap,"+p+"Late,"+p+"Var,"+p+"Twice")
	set(t, "redaction", p+"finish")
	defer set(t, "filter", "(*github.com/genolewm/obs/runtime/internal/filter.Filter).Emit")
	defer set(t, "redaction", "(*github.com/genolewm/obs/runtime/internal/filter.Filter).finish")
	analysistest.Run(t, analysistest.TestData(), obsredact.Analyzer, "example.com/lintcase/filt")
}

func set(t *testing.T, name, value string) {
	t.Helper()
	if err := obsredact.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
}
