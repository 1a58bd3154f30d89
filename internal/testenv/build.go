package testenv

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// GoBuild builds the main package pkg into a fresh folder and returns the
// binary: tests run the real program as child processes.
func GoBuild(t testing.TB, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}
