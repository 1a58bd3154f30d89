package livecheck

import (
	"os"
	"os/exec"
	"testing"
)

// TestExampleProgram runs the example program and checks what it really
// wrote: no violation, and every registered event seen (and every metric,
// once it writes metrics.prom).
func TestExampleProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs examples/simulate")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "../../examples/simulate")
	cmd.Env = append(os.Environ(), "GENO_LEWM_LOG_DIR="+dir, "GENO_LEWM_LOG_LEVEL=debug")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("examples/simulate: %v\n%s", err, out)
	}
	c := New(defaultRegistry(t), Options{RequireCoverage: true})
	c.CheckPaths([]string{dir})
	rep := c.Report()
	for _, f := range rep.Findings {
		t.Errorf("%s", f)
	}
	if n := Covered(rep.Events); n != len(rep.Events)-len(IncidentEvents) {
		t.Errorf("events covered %d of %d, want all but the %d incident events", n, len(rep.Events), len(IncidentEvents))
	}
	t.Logf("%d files, events covered %d/%d, metrics %d/%d", len(rep.Files), Covered(rep.Events), len(rep.Events), Covered(rep.Metrics), len(rep.Metrics))
}
