// Package layertest checks that dependencies point one way: generated code
// imports the runtime, never the reverse, and build-time code imports no
// runtime package.
package layertest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/genolewm/obs"

// deps lists the non-test dependencies of the packages matching pattern,
// by importing package.
func deps(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, pattern)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pattern, err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		m[f[0]] = f[1:]
	}
	return m
}

func TestRuntimeNeverImportsGenerated(t *testing.T) {
	for pkg := range deps(t, "./runtime/...") {
		if strings.HasPrefix(pkg, module+"/generated") {
			t.Errorf("a runtime package depends on %s", pkg)
		}
	}
}

func TestBuildTimeCodeImportsNoRuntime(t *testing.T) {
	for _, pattern := range []string{"./registry", "./cmd/obsgen"} {
		for pkg := range deps(t, pattern) {
			if strings.HasPrefix(pkg, module+"/runtime") || strings.HasPrefix(pkg, module+"/generated") {
				t.Errorf("%s depends on %s", pattern, pkg)
			}
		}
	}
}

// TestUsersImportLittle: the example program, written as a user would,
// imports only the start-up package and its generated packages.
func TestUsersImportLittle(t *testing.T) {
	for pkg, imports := range deps(t, "./examples/simulate") {
		if pkg != module+"/examples/simulate" {
			continue
		}
		for _, imp := range imports {
			if strings.HasPrefix(imp, module+"/") && imp != module+"/runtime/observe" && !strings.HasPrefix(imp, module+"/generated/") && imp != module+"/runtime/variantid" {
				t.Errorf("examples/simulate imports %s", imp)
			}
		}
	}
}
