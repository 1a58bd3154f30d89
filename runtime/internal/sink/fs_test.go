package sink_test

import (
	"testing"

	"github.com/genolewm/obs/internal/testenv"
)

// The real file systems of the hostile cases come from internal/testenv.

func mountTmpfs(t *testing.T, size string) string { return testenv.Tmpfs(t, size) }

func newFrozenDisk(t *testing.T) *testenv.FrozenDisk { return testenv.NewFrozenDisk(t) }

// fill writes a file until the disk is full and returns its path.
func fill(t *testing.T, dir string) string { t.Helper(); return testenv.Fill(t, dir) }
