package sink_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/eventspec"
	"github.com/genolewm/obs/runtime/obslog"
	"github.com/genolewm/obs/runtime/redact"
	"github.com/genolewm/obs/runtime/sink"
)

func TestPrettyFiltersBySeverity(t *testing.T) {
	var buf bytes.Buffer
	l, err := obslog.New(obslog.Options{Table: events.Table, RunID: "r", Level: eventspec.Debug, Strict: true,
		Sinks: []redact.Sink{sink.NewPretty(&buf, eventspec.Warn)}})
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
	f, err := sink.OpenRunFile(dir, "run-1")
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
		if _, err := sink.OpenRunFile(dir, bad); err == nil {
			t.Errorf("run id %q accepted as a file name", bad)
		}
	}
}

func TestWriteAfterCloseIsAnError(t *testing.T) {
	f, err := sink.OpenRunFile(t.TempDir(), "run-1")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := obslog.New(obslog.Options{Table: events.Table, RunID: "r", Strict: true, Sinks: []redact.Sink{f}})
	f.Close()
	if err := (events.EvalRunStart{Benchmark: "b"}).Log(context.Background(), l); err == nil {
		t.Error("writing to a closed file reported success")
	}
	if l.WriteErrors() != 1 {
		t.Errorf("WriteErrors = %d", l.WriteErrors())
	}
}
