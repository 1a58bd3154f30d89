package wandbrun_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/internal/wandbread"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
	"github.com/genolewm/obs/runtime/observe"
)

// fillTo fills dir's file system, then gives back keep bytes, and returns
// the filler's path.
func fillTo(t *testing.T, dir string, keep int64) string {
	t.Helper()
	p := testenv.Fill(t, dir)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, max(fi.Size()-keep, 0)); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDiskFullKeepsRecordsWhole fills a real tmpfs while the run writes
// history: every write that fails part way is truncated back, so the file
// always holds whole records; the losses are counted; once space is back
// the run goes on and ends with its exit record.
func TestDiskFullKeepsRecordsWhole(t *testing.T) {
	dir := testenv.Tmpfs(t, "256k")
	filler := fillTo(t, dir, 24<<10)
	s, l, _ := run(t, wandbrun.Options{Dir: filepath.Join(dir, "wb")})
	ctx := context.Background()
	before := l.Dropped("write_error")
	for step := int64(0); step < 2000 && l.Dropped("write_error") == before; step++ {
		_ = events.TrainingStep{LossPred: float64(step), LR: 1e-4, GradNorm: 1.5, BatchSize: 64, Tokens: 32768}.Log(ctx, l.WithStep(step))
		if step%100 == 0 {
			time.Sleep(time.Millisecond) // let the writer meet the full disk
		}
	}
	// Wait for the writer to report the failure it met.
	for deadline := time.Now().Add(5 * time.Second); l.Dropped("write_error") == before && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		_ = events.TrainingStep{LossPred: 1}.Log(ctx, l.WithStep(1<<40))
	}
	if l.Dropped("write_error") == before {
		t.Fatal("the disk never filled: the test is vacuous")
	}
	if _, _, err := wandbread.Frames(mustRead(t, s.Path())); err != nil {
		t.Fatalf("on a full disk the file is not whole records: %v", err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	_ = events.TrainingRunEnd{Status: "completed"}.Log(ctx, l)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	recs := read(t, s)
	if recs[len(recs)-2].GetExit() == nil || recs[len(recs)-1].GetFinal() == nil {
		t.Errorf("after the disk freed, the run does not end with exit and final records")
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestStalledDiskNeverBlocks freezes the run's file system (every write
// blocks in the kernel, as on a hung mount): logging and Close return
// within the bound, the losses counted.
func TestStalledDiskNeverBlocks(t *testing.T) {
	disk := testenv.NewFrozenDisk(t)
	const timeout = 200 * time.Millisecond
	s, err := wandbrun.Open(wandbrun.Options{Registry: events.Registry(), Dir: disk.Dir, Project: "p", ID: "run-stall", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-stall", Level: observe.Debug, LogEvery: 1,
		Sinks: []observe.Sink{s}, WriteTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before := l.Dropped("timeout")
	disk.Freeze()
	bound := 20 * timeout // generous: a liveness bound, not a measurement
	timeouts := 0
	testenv.Within(t, bound, "history rows on a stalled disk", func() {
		for step := int64(0); step < 3*256; step++ {
			if err := (events.TrainingStep{LossPred: 1}).Log(ctx, l.WithStep(step)); errors.Is(err, sink.ErrTimeout) {
				timeouts++
			}
		}
	})
	var closeErr error
	testenv.Within(t, bound, "Close on a stalled disk", func() { closeErr = l.Close() })
	if !errors.Is(closeErr, sink.ErrTimeout) {
		t.Errorf("Close = %v, want ErrTimeout", closeErr)
	}
	if timeouts == 0 || l.Dropped("timeout")-before < uint64(timeouts) {
		t.Errorf("%d rows timed out, dropped{timeout} grew by %d", timeouts, l.Dropped("timeout")-before)
	}
}
