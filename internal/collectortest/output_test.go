package collectortest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/genolewm/obs/internal/collectortest"
)

// logLine is one logs request as the file exporter writes it (format:
// json), without its newline; spanLine likewise for traces.
func logLine(t *testing.T, event string) string {
	t.Helper()
	logs := plog.NewLogs()
	logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().SetEventName(event)
	text, err := (&plog.JSONMarshaler{}).MarshalLogs(logs)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func spanLine(t *testing.T, name string) string {
	t.Helper()
	traces := ptrace.NewTraces()
	traces.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty().SetName(name)
	text, err := (&ptrace.JSONMarshaler{}).MarshalTraces(traces)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func writeOut(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.jsonl")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadOutputSortsSignalsAndSkipsAnUnfinishedLine(t *testing.T) {
	// The last line has no newline yet: a write in progress (or cut by a
	// kill), even when what is there happens to parse.
	path := writeOut(t, logLine(t, "first")+"\n"+spanLine(t, "step")+"\n\n"+logLine(t, "second")+"\n"+logLine(t, "unfinished"))
	out, err := collectortest.ReadOutput(path)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, r := range out.LogRecords() {
		events = append(events, r.EventName)
	}
	if strings.Join(events, ",") != "first,second" {
		t.Errorf("log events %v, want [first second]", events)
	}
	if spans := out.Spans(); len(spans) != 1 || spans[0].Name != "step" {
		t.Errorf("spans %#v, want one named step", spans)
	}
	if len(out.Metrics) != 0 {
		t.Errorf("%d metrics requests, want 0", len(out.Metrics))
	}
}

func TestReadOutputRefusesWhatTheCollectorDoesNotWrite(t *testing.T) {
	for name, bad := range map[string]string{
		"not JSON":      "resourceLogs\n",
		"unknown key":   `{"resourceProfiles":[]}` + "\n",
		"two keys":      `{"resourceLogs":[],"resourceSpans":[]}` + "\n",
		"unknown field": `{"resourceLogs":[{"bogus":1}]}` + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := writeOut(t, logLine(t, "ok")+"\n"+bad)
			if _, err := collectortest.ReadOutput(path); err == nil || !strings.Contains(err.Error(), path+":2:") {
				t.Errorf("err %v, want one naming %s:2", err, path)
			}
		})
	}
}
