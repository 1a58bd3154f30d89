package livecheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/promfile"
)

// TestRealExporter checks a metrics.prom written by the real textfile
// exporter from the generated handles: it must pass, with every
// registered metric covered.
func TestRealExporter(t *testing.T) {
	dir := t.TempDir()
	meters.TrainingStepDuration.Observe(412)
	meters.DataCacheHit.Inc()
	e, err := promfile.Start(promfile.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, promfile.FileName)); err != nil {
		t.Fatal(err)
	}
	c := New(defaultRegistry(t), Options{RequireCoverage: true})
	c.CheckPaths([]string{dir})
	rep := c.Report()
	for _, f := range rep.Findings {
		t.Errorf("%s", f)
	}
	if n := Covered(rep.Metrics); n != len(rep.Metrics) || n == 0 {
		t.Errorf("metrics covered %d of %d", n, len(rep.Metrics))
	}
}
