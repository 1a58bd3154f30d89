package payloadtest_test

import (
	"context"
	"github.com/genolewm/obs/runtime/observe"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/internal/payloadtest"
	"github.com/genolewm/obs/runtime/otlptable"
)

// TestEngineJudgesAsTheFilter replays the corpus through the Go filter and
// through the OTLP rule engine the Collector processor runs, strict and
// lenient, and requires the same outcome for every case: refused alike,
// or kept with the same data.
func TestEngineJudgesAsTheFilter(t *testing.T) {
	table, err := otlptable.Of(events.Registry())
	if err != nil {
		t.Fatal(err)
	}
	cases := payloadtest.Corpus()
	if len(cases) < 300 {
		t.Fatalf("the corpus has %d cases", len(cases))
	}
	kept, refused := 0, 0
	for _, mode := range []otlprules.Mode{otlprules.Strict, otlprules.Lenient} {
		engine, err := otlprules.NewEngine(table, otlprules.Options{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			want, err := payloadtest.Filter(c, mode == otlprules.Strict, emitCase)
			if err != nil {
				t.Fatal(err)
			}
			ld := plog.NewLogs()
			if err := payloadtest.LogRecord(c, ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()); err != nil {
				t.Fatal(err)
			}
			engine.Logs(ld, otlprules.Discard)
			got := payloadtest.Outcome{}
			if ld.LogRecordCount() == 1 {
				got = payloadtest.Passed(ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().AsRaw())
			}
			if !got.Equal(want) {
				t.Errorf("%s %s: the processor %s, the filter %s", mode, c.Name, got, want)
			}
			if want.Kept {
				kept++
			} else {
				refused++
			}
		}
	}
	if kept == 0 || refused == 0 {
		t.Errorf("kept %d, refused %d: the corpus must exercise both", kept, refused)
	}
}

// emitCase replays a corpus case by its event name (payloadtest.Emitter).
func emitCase(l observe.Logger, c payloadtest.Case) error {
	if payloadtest.IsError(c) {
		return l.EmitError(context.Background(), c.Event, c.Code, c.Data)
	}
	return l.Emit(context.Background(), c.Event, c.Data)
}
