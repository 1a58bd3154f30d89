package wandbrun_test

import (
	"strings"
	"testing"

	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
)

func eventID(i int) schema.EventID { return schema.EventID(i) }

// TestIDFor: a session run id that fits W&B's rule is the W&B id, so the
// log file and the W&B run share a name; a longer one gets a valid,
// stable id that keeps distinct run ids apart.
func TestIDFor(t *testing.T) {
	if got := wandbrun.IDFor("run-2026-05-20-1a2b3c4d"); got != "run-2026-05-20-1a2b3c4d" {
		t.Errorf("IDFor kept nothing of a valid id: %s", got)
	}
	long := "run-" + strings.Repeat("x", 120)
	a, b := wandbrun.IDFor(long), wandbrun.IDFor(long+"y")
	for _, id := range []string{a, b} {
		if err := wandbrun.CheckID(id); err != nil {
			t.Errorf("IDFor gave an invalid id %q: %v", id, err)
		}
	}
	if a == b || a != wandbrun.IDFor(long) || !strings.HasPrefix(a, "run-xxx") {
		t.Errorf("derived ids %q, %q: want stable, distinct, readable", a, b)
	}
}
