package observe_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

func TestStartWritesLogAndMetrics(t *testing.T) {
	cfg := observe.DefaultConfig()
	cfg.LogDir = filepath.Join(t.TempDir(), "logs")
	cfg.RunID = "run-observe-test"
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.TracingEnabled() {
		t.Error("tracing is on without OTEL_EXPORTER_OTLP_ENDPOINT")
	}
	if err := (events.EvalRunStart{Benchmark: "b"}).Log(ctx, s.Log); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	data, err := os.ReadFile(s.LogPath)
	if err != nil || !strings.Contains(string(data), `"event":"eval.run.start"`) || !strings.Contains(string(data), `"run_id":"run-observe-test"`) {
		t.Errorf("log file %s: %v\n%s", s.LogPath, err, data)
	}
	prom, err := os.ReadFile(s.MetricsPath)
	if err != nil || !strings.Contains(string(prom), "# TYPE geno_lewm_errors_raised_total counter") {
		t.Errorf("metrics file %s: %v", s.MetricsPath, err)
	}
}

func TestStartFailsOnUnusableLogDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := observe.DefaultConfig()
	cfg.LogDir = file
	if _, err := observe.Start(context.Background(), events.Registry(), cfg, observe.Options{}); err == nil {
		t.Error("Start accepted a log dir that is a file")
	}
}
