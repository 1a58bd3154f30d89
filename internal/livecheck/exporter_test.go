package livecheck

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/observe"
)

// TestRealExporter checks a metrics.prom written by a real session's
// textfile exporter from the generated handles: it must pass, with every
// registered metric covered.
func TestRealExporter(t *testing.T) {
	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.RunID = t.TempDir(), "run-livecheck-exporter"
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	meters.TrainingStepDuration.Observe(412)
	meters.DataCacheHit.Inc()
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(cfg.LogDir, "metrics.prom")); err != nil {
		t.Fatal(err)
	}
	c := New(defaultRegistry(t), Options{RequireCoverage: true})
	c.CheckPaths([]string{s.MetricsPath})
	rep := c.Report()
	for _, f := range rep.Findings {
		t.Errorf("%s", f)
	}
	if n := Covered(rep.Metrics); n != len(rep.Metrics) || n == 0 {
		t.Errorf("metrics covered %d of %d", n, len(rep.Metrics))
	}
}
