package sink_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/observe"
)

// syncBuffer is a Diagnostics writer the test can read while the logger
// writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDiskFullKeepsLinesWhole fills a real tmpfs in the middle of the log
// file's last page, logs through the full disk, frees space and logs
// again. Every line must parse as one record, the lost records must be
// counted (and reported once), and the log itself must say how many were
// lost.
func TestDiskFullKeepsLinesWhole(t *testing.T) {
	dir := filepath.Join(mountTmpfs(t, "64k"), "logs")
	f, err := sink.OpenRunFile(dir, "run-full", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var diag syncBuffer
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-full", Level: observe.Debug, Strict: true,
		Sinks: []observe.Sink{f}, Diagnostics: &diag})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	logN := func(n int) {
		for i := 0; i < n; i++ {
			if err := (events.DataShardWrite{ShardID: "shard-" + strings.Repeat("x", 40), Records: int64(i)}).Log(ctx, l); err != nil {
				t.Fatal(err)
			}
		}
	}
	droppedBefore := l.Dropped("write_error")
	logN(3)
	// A warn record returns once written: the file's last page is now
	// partly used, so the next writes fill it and stop mid-line.
	events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: 1, Threshold: 0.5}.Log(ctx, l)
	filler := fill(t, dir)
	logN(200)
	events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: 2, Threshold: 0.5}.Log(ctx, l)
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	logN(5)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	lost := l.Dropped("write_error") - droppedBefore
	if lost == 0 {
		t.Fatal("nothing was lost: the disk never filled")
	}
	if l.WriteErrors() != lost {
		t.Errorf("WriteErrors = %d, dropped{write_error} = %d", l.WriteErrors(), lost)
	}
	data, err := os.ReadFile(f.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Errorf("the file ends in a partial line: %q", data[max(0, len(data)-60):])
	}
	var noticed uint64
	records := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var rec struct {
			Event string
			Data  struct {
				Count  uint64
				Reason string
			}
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not one record (%v): %q", i+1, err, line)
		}
		records++
		if rec.Event == "observability.records.lost" && rec.Data.Reason == "write_error" {
			noticed += rec.Data.Count
		}
	}
	if noticed != lost {
		t.Errorf("the log notes %d lost records, %d were counted", noticed, lost)
	}
	if want := 3 + 1 + 200 + 1 + 5 - int(lost) + 1; records < want {
		t.Errorf("%d records in the file, want at least %d", records, want)
	}
	out := diag.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "no space left") || strings.Contains(out, dir) {
		t.Errorf("want one report naming ENOSPC and no path, got:\n%s", out)
	}
}
