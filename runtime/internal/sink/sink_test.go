package sink_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/observe"
)

func TestPrettyFiltersBySeverity(t *testing.T) {
	var buf bytes.Buffer
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "r", Level: observe.Debug, Strict: true,
		Sinks: []observe.Sink{sink.NewPretty(&buf, observe.Warn)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	events.EvalRunStart{Benchmark: "b"}.Log(ctx, l)
	events.TrainingCollapseAlert{Criterion: "kl_reg", Value: 1, Threshold: 0.5}.Log(ctx, l)
	out := buf.String()
	if strings.Contains(out, "eval.run.start") {
		t.Errorf("info record rendered at threshold warn: %s", out)
	}
	if !strings.Contains(out, "WARN  training.collapse.alert") || !strings.Contains(out, `"criterion":"kl_reg"`) {
		t.Errorf("warn record not rendered: %q", out)
	}
}

func TestRunFilePermissionsAndNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	f, err := sink.OpenRunFile(dir, "run-1", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("log dir mode %v", st.Mode().Perm())
	}
	if st, _ := os.Stat(f.Path()); st.Mode().Perm() != 0o600 || filepath.Base(f.Path()) != "run-1.jsonl" {
		t.Errorf("log file %s mode %v", f.Path(), st.Mode().Perm())
	}
	for _, bad := range []string{"", "..", "a/b"} {
		if _, err := sink.OpenRunFile(dir, bad, sink.Options{}); err == nil {
			t.Errorf("run id %q accepted as a file name", bad)
		}
	}
}

func TestWriteAfterCloseIsAnError(t *testing.T) {
	f, err := sink.OpenRunFile(t.TempDir(), "run-1", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "r", Strict: true, Sinks: []observe.Sink{f}})
	f.Close()
	if err := (events.EvalRunStart{Benchmark: "b"}).Log(context.Background(), l); err == nil {
		t.Error("writing to a closed file reported success")
	}
	if l.WriteErrors() != 1 {
		t.Errorf("WriteErrors = %d", l.WriteErrors())
	}
}

// TestWarnRecordsAreWrittenBeforeReturn: an exit that skips Close must not
// lose a warning or an error, and the records queued before it go first.
func TestWarnRecordsAreWrittenBeforeReturn(t *testing.T) {
	f, err := sink.OpenRunFile(t.TempDir(), "run-1", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, _ := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "r", Level: observe.Debug, Strict: true, Sinks: []observe.Sink{f}})
	ctx := context.Background()
	for i := 0; i < 100; i++ {
		if err := (events.InferenceScoreStart{VariantID: "v"}).Log(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := (events.TrainingCollapseAlert{Criterion: "kl_reg", Value: 1, Threshold: 0.5}).Log(ctx, l); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f.Path()) // no Close, no Sync
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 101 || !strings.Contains(lines[100], "training.collapse.alert") {
		t.Errorf("after a warn record returned, the file holds %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

// TestBackpressureAndClose: many writers far beyond the queue bound all
// get their lines written, whole and once, and Close returns after them.
func TestBackpressureAndClose(t *testing.T) {
	f, err := sink.OpenRunFile(t.TempDir(), "run-1", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "r", Level: observe.Debug, Strict: true, Sinks: []observe.Sink{f}})
	ctx := context.Background()
	const writers, each = 8, 10 * sink.QueueLen
	done := make(chan struct{})
	for w := 0; w < writers; w++ {
		go func(w int) {
			defer func() { done <- struct{}{} }()
			for i := 0; i < each; i++ {
				if err := (events.DataShardWrite{ShardID: "s", Records: int64(w*each + i)}).Log(ctx, l); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	for w := 0; w < writers; w++ {
		<-done
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(f.Path())
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		i := strings.Index(line, `"records":`)
		if i < 0 || !strings.HasSuffix(line, "}}") {
			t.Fatalf("broken line %q", line)
		}
		seen[line[i:]] = true
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct records written, want %d", len(seen), writers*each)
	}
	if err := (events.DataShardWrite{ShardID: "s"}).Log(ctx, l); err != nil {
		t.Errorf("Log after Close returned %v; the logger discards after Close", err)
	}
}
