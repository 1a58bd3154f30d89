package sink_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/observe"
)

// within is testenv.Within: a liveness check, not a timing assertion.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	testenv.Within(t, d, what, f)
}

// stalledStderr is a real pipe whose reader stopped: its buffer is full,
// so any write to it blocks.
func stalledStderr(t *testing.T) *os.File {
	t.Helper()
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_NONBLOCK|syscall.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := syscall.Write(p[1], buf); err != nil {
			break // EAGAIN: full
		}
	}
	if err := syscall.SetNonblock(p[1], false); err != nil {
		t.Fatal(err)
	}
	r, w := os.NewFile(uintptr(p[0]), "r"), os.NewFile(uintptr(p[1]), "w")
	t.Cleanup(func() { r.Close() }) // the blocked writer gets EPIPE and ends
	return w
}

// TestStalledDiskNeverBlocksTheHost freezes the log file's file system:
// every write(2) blocks in the kernel, as on a hung network mount. With
// stderr stalled too, no call blocks past the bound: records past it are
// dropped, counted and reported, and Close returns.
func TestStalledDiskNeverBlocksTheHost(t *testing.T) {
	disk := newFrozenDisk(t)
	const timeout = 200 * time.Millisecond
	f, err := sink.OpenRunFile(filepath.Join(disk.Dir, "logs"), "run-stall", sink.Options{Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-stall", Level: observe.Debug, Strict: true,
		Sinks: []observe.Sink{f}, Diagnostics: stalledStderr(t), WriteTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before := l.Dropped("timeout")
	disk.Freeze()
	bound := 20 * timeout // generous: a liveness bound, not a measurement
	within(t, bound, "a warn record on a stalled disk", func() {
		// The writer takes this one and blocks in write(2).
		events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: 1, Threshold: 0.5}.Log(ctx, l)
	})
	var timeouts int
	within(t, bound, "a full queue on a stalled disk", func() {
		for i := 0; i < 3*sink.QueueLen; i++ {
			if err := (events.DataShardWrite{ShardID: "s", Records: int64(i)}).Log(ctx, l); errors.Is(err, sink.ErrTimeout) {
				timeouts++
			}
		}
	})
	within(t, bound, "an error record on a stalled disk", func() {
		l.EmitError(ctx, "error", "IOError.WriteFailed", map[string]any{"component": "test"})
	})
	var closeErr error
	within(t, bound, "Close on a stalled disk", func() { closeErr = l.Close() })
	if !errors.Is(closeErr, sink.ErrTimeout) {
		t.Errorf("Close = %v, want ErrTimeout", closeErr)
	}
	dropped := l.Dropped("timeout") - before
	// 2*QueueLen records found the queue full; at Close the queue and the
	// stuck batch were still pending.
	if timeouts < 2*sink.QueueLen || dropped < uint64(timeouts)+sink.QueueLen {
		t.Errorf("%d calls timed out, dropped{timeout} += %d", timeouts, dropped)
	}
}

// TestWarnWaitIsBoundedButKeepsTheRecord: a warn record whose wait timed
// out is still written when the disk comes back.
func TestWarnWaitIsBoundedButKeepsTheRecord(t *testing.T) {
	disk := newFrozenDisk(t)
	f, err := sink.OpenRunFile(filepath.Join(disk.Dir, "logs"), "run-thaw", sink.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-thaw", Level: observe.Debug, Strict: true, Sinks: []observe.Sink{f}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	disk.Freeze()
	within(t, 5*time.Second, "a warn record on a stalled disk", func() {
		events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: 1, Threshold: 0.5}.Log(ctx, l)
	})
	disk.Thaw()
	events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: 2, Threshold: 0.5}.Log(ctx, l)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got := lines(t, f.Path())
	if len(got) != 2 || !strings.Contains(got[0], `"value":1`) {
		t.Errorf("after the thaw the file holds:\n%s", strings.Join(got, "\n"))
	}
}
