package registrye2e_test

import (
	"context"
	"github.com/genolewm/obs/runtime/observe"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/internal/collectortest"
	"github.com/genolewm/obs/internal/payloadtest"
)

// corpusBase is the timestamp of case 0; case i is sent at corpusBase+i
// ns, which identifies its record in the collector's output.
var corpusBase = time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)

// outcomes reads the outcome of every case from what the collector wrote.
func outcomes(t *testing.T, out collectortest.Output, n int) []payloadtest.Outcome {
	t.Helper()
	got := make([]payloadtest.Outcome, n)
	for _, r := range out.LogRecords() {
		i := int(r.Time.Sub(corpusBase))
		if i < 0 || i >= n || got[i].Kept {
			t.Fatalf("a record at %v that is no case, or a case twice", r.Time)
		}
		got[i] = payloadtest.Passed(r.Attributes)
	}
	return got
}

// compare requires every case to come out of the collector as it comes
// out of the Go filter.
func compare(t *testing.T, mode string, cases []payloadtest.Case, got []payloadtest.Outcome) (kept int) {
	t.Helper()
	for i, c := range cases {
		want, err := payloadtest.Filter(c, mode == "strict", emitCase)
		if err != nil {
			t.Fatal(err)
		}
		if !got[i].Equal(want) {
			t.Errorf("%s %s: the collector %s, the Go filter %s", mode, c.Name, got[i], want)
		}
		if want.Kept {
			kept++
		}
	}
	return kept
}

// TestCorpusThroughTheCollector replays the filter's payload corpus, as
// OTLP log records, through the collector in strict and lenient mode:
// each case is refused, or kept with exactly the data, as the Go filter
// does, and nothing that must not leave reaches the file.
func TestCorpusThroughTheCollector(t *testing.T) {
	cases := payloadtest.Corpus()
	for _, mode := range []string{"strict", "lenient"} {
		t.Run(mode, func(t *testing.T) {
			c := registry(t, mode)
			ld := plog.NewLogs()
			rl := ld.ResourceLogs().AppendEmpty()
			rl.Resource().Attributes().PutStr("service.name", "corpus")
			sl := rl.ScopeLogs().AppendEmpty()
			for i, cs := range cases {
				lr := sl.LogRecords().AppendEmpty()
				if err := payloadtest.LogRecord(cs, lr); err != nil {
					t.Fatal(err)
				}
				lr.SetTimestamp(pcommon.NewTimestampFromTime(corpusBase.Add(time.Duration(i))))
			}
			dial(t, c).logs(ld)
			c.Stop()
			out := c.Output(t)
			kept := compare(t, mode, cases, outcomes(t, out, len(cases)))
			if len(out.LogRecords()) != kept {
				t.Errorf("the file holds %d records, the filter kept %d", len(out.LogRecords()), kept)
			}
			t.Logf("%s: %d of %d cases kept", mode, kept, len(cases))
			if kept == 0 || kept == len(cases) {
				t.Errorf("%d of %d cases kept: the corpus must exercise both outcomes", kept, len(cases))
			}
			for _, l := range leaks(out) {
				t.Errorf("leak: %s", l)
			}
		})
	}
}

// emitCase replays a corpus case by its event name (payloadtest.Emitter).
func emitCase(l observe.Logger, c payloadtest.Case) error {
	if payloadtest.IsError(c) {
		return l.EmitError(context.Background(), c.Event, c.Code, c.Data)
	}
	return l.Emit(context.Background(), c.Event, c.Data)
}
