package sink_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/genolewm/obs/internal/testenv"
)

// The real file systems of the hostile cases come from internal/testenv.

func mountTmpfs(t *testing.T, size string) string { return testenv.Tmpfs(t, size) }

func newFrozenDisk(t *testing.T) *testenv.FrozenDisk { return testenv.NewFrozenDisk(t) }

// fill writes a file until the disk is full and returns its path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 512)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errorsIsNoSpace(err) {
				t.Fatalf("filling the disk: %v", err)
			}
			return p
		}
	}
}

func errorsIsNoSpace(err error) bool {
	pe, ok := err.(*os.PathError)
	return ok && pe.Err == syscall.ENOSPC
}
