package livecheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/observe"
)

// TestLiveCheckThroughDiskFull: a real session logs through a full tmpfs
// and its recovery; live-check finds nothing wrong in what it left, and
// the log notes the lost records.
func TestLiveCheckThroughDiskFull(t *testing.T) {
	mnt := testenv.Tmpfs(t, "64k")
	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.RunID, cfg.Level = filepath.Join(mnt, "logs"), "run-livecheck-full", observe.Debug
	cfg.MetricsDir = t.TempDir() // the metrics file is checked elsewhere
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	alert := func(v float64) {
		_ = events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: v, Threshold: 0.5}.Log(ctx, s.Log)
	}
	shards := func(n int) {
		for i := 0; i < n; i++ {
			_ = events.DataShardWrite{ShardID: "shard-" + strings.Repeat("q", 40), Records: int64(i)}.Log(ctx, s.Log)
		}
	}
	shards(3)
	alert(1)
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	for buf := make([]byte, 512); ; {
		if _, err := f.Write(buf); err != nil {
			if pe, ok := err.(*os.PathError); !ok || pe.Err != syscall.ENOSPC {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()
	shards(300)
	alert(2)
	os.Remove(filler)
	shards(10)
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Log.Dropped("write_error") == 0 {
		t.Fatal("the disk never filled")
	}
	c := New(defaultRegistry(t), Options{})
	c.CheckPaths([]string{s.LogPath})
	rep := c.Report()
	for _, f := range rep.Findings {
		t.Errorf("%s", f)
	}
	lost := false
	for _, e := range rep.Events {
		lost = lost || e.Name == "observability.records.lost" && e.Count > 0
	}
	if !lost {
		t.Error("the log does not note the lost records")
	}
}
