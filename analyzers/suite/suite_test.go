package suite

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/genolewm/obs/internal/analysisutil/obsregistry"
)

// TestDocs checks that every analyzer's Doc came from its doc.go: a
// one-line summary, then the section's text.
func TestDocs(t *testing.T) {
	if err := analysis.Validate(Analyzers()); err != nil {
		t.Fatal(err)
	}
	for _, a := range all() {
		if a.URL == "" || !strings.Contains(a.URL, "genolewm/obs") {
			continue // x/tools' own (inspect)
		}
		summary, rest, _ := strings.Cut(a.Doc, "\n")
		if summary == "" || strings.HasPrefix(summary, a.Name+":") || !strings.HasPrefix(rest, "\n") || len(rest) < 100 {
			t.Errorf("%s: Doc is not a summary line and a description:\n%s", a.Name, a.Doc)
		}
	}
}

// TestRegistryFlag checks that -registry reaches the analyzer that finds
// the registry, although the suite does not list it.
func TestRegistryFlag(t *testing.T) {
	var f RegistryFlag
	if err := f.Set("some/dir"); err != nil {
		t.Fatal(err)
	}
	defer f.Set("")
	if got := obsregistry.Analyzer.Flags.Lookup("registry").Value.String(); got != "some/dir" {
		t.Errorf("obsregistry -registry = %q", got)
	}
	if err := SetFlag("nosuch", "x"); err == nil {
		t.Error("unknown flag accepted")
	}
}
