package sink_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/observe"
)

func newFileLogger(t *testing.T, dir string, diag *syncBuffer) (observe.Logger, *sink.File) {
	t.Helper()
	f, err := sink.OpenRunFile(dir, "run-rot", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-rot", Level: observe.Debug, Strict: true,
		Sinks: []observe.Sink{f}, Diagnostics: diag})
	if err != nil {
		t.Fatal(err)
	}
	return l, f
}

// warn logs a warn record, which returns once written.
func warn(t *testing.T, l observe.Logger, v float64) {
	t.Helper()
	if err := (events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg, Value: v, Threshold: 0.5}).Log(context.Background(), l); err != nil {
		t.Fatal(err)
	}
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestRotationByRename is logrotate's rename-then-create: the sink
// notices the rename after its next write and reopens the path; the
// renamed file keeps what it got, nothing is counted lost.
func TestRotationByRename(t *testing.T) {
	dir := t.TempDir()
	l, f := newFileLogger(t, dir, nil)
	before := l.Dropped("file_deleted")
	warn(t, l, 1)
	if err := os.Rename(f.Path(), f.Path()+".1"); err != nil {
		t.Fatal(err)
	}
	warn(t, l, 2) // lands in the renamed file, then the path is reopened
	warn(t, l, 3)
	warn(t, l, 4)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	old, cur := lines(t, f.Path()+".1"), lines(t, f.Path())
	if len(old)+len(cur) != 4 || len(cur) < 2 {
		t.Errorf("rotated file has %d lines, new one %d; want all 4, the last ones in the new file", len(old), len(cur))
	}
	if st, err := os.Stat(f.Path()); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("reopened file: %v, %v", err, st.Mode())
	}
	if n := l.Dropped("file_deleted") - before; n != 0 {
		t.Errorf("a rename counted %d records lost", n)
	}
}

// TestDeletedLogFile: records written to a deleted file are counted,
// reported once, and noted in the recreated file.
func TestDeletedLogFile(t *testing.T) {
	dir := t.TempDir()
	var diag syncBuffer
	l, f := newFileLogger(t, dir, &diag)
	before := l.Dropped("file_deleted")
	warn(t, l, 1)
	if err := os.Remove(f.Path()); err != nil {
		t.Fatal(err)
	}
	warn(t, l, 2) // goes to the unlinked inode: lost
	for i := 3; i < 10; i++ {
		warn(t, l, float64(i))
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	lost := l.Dropped("file_deleted") - before
	if lost != 1 {
		t.Errorf("dropped{file_deleted} += %d, want 1", lost)
	}
	got := lines(t, f.Path())
	if len(got) != 7+1 || !strings.Contains(strings.Join(got, "\n"), `"event":"observability.records.lost"`) ||
		!strings.Contains(strings.Join(got, "\n"), `"count":1,"reason":"file_deleted"`) {
		t.Errorf("recreated file:\n%s", strings.Join(got, "\n"))
	}
	if out := diag.String(); strings.Count(out, "\n") != 1 || !strings.Contains(out, "deleted") {
		t.Errorf("diagnostics:\n%s", out)
	}
}
