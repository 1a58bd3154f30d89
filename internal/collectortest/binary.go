package collectortest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/genolewm/obs/internal/testenv"
)

// BinaryName is the collector's path below the repository root.
const BinaryName = "bin/genolewm-otelcol"

// Binary returns the absolute path of bin/genolewm-otelcol in the
// repository that holds the test's working directory. A missing binary
// skips t, or fails it under CI=true.
func Binary(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, BinaryName)
	info, err := os.Stat(bin)
	if err != nil || !info.Mode().IsRegular() {
		testenv.NeedTool(t, fmt.Sprintf("%s not built (make bin/genolewm-otelcol)", bin))
	}
	return bin
}

// RepoRoot is the nearest folder, from the working directory up, whose
// go.mod declares this project's module (go test runs in the package's
// folder).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module github.com/genolewm/obs\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("collectortest: no go.mod of module github.com/genolewm/obs above the working directory")
		}
		dir = parent
	}
}
