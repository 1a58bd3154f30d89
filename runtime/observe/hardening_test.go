package observe_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/observe"
)

// TestDeniedMapKeys: a map keyed by personal-data names carries exactly
// what the deny list is for, in any case.
func TestDeniedMapKeys(t *testing.T) {
	ctx := context.Background()
	for _, scores := range []map[string]float64{{"sample_id": 1, "auroc": 0.9}, {"Genotype": 0.5}} {
		l, sink := newLogger(t, true, observe.Debug)
		err := events.EvalRunEnd{Benchmark: "b", Scores: scores}.Log(ctx, l)
		var iv *observe.InvariantViolation
		if !errors.As(err, &iv) || iv.Result.Dropped[filter.RuleDeny] != 1 {
			t.Errorf("strict, scores %v: %v", scores, err)
		}
		for _, line := range sink.take() {
			if strings.Contains(strings.ToLower(string(line)), "sample_id") || strings.Contains(strings.ToLower(string(line)), "genotype") {
				t.Errorf("denied map key written: %s", line)
			}
		}
		ln, lsink := newLogger(t, false, observe.Debug)
		ln.Emit(ctx, "eval.run.end", map[string]any{"benchmark": "b", "scores": map[string]any{"patient_id": 1.0}})
		if d := decode(t, lsink.take()[0])["data"].(map[string]any); d["scores"] != nil {
			t.Errorf("non-strict kept a map with a denied key: %v", d)
		}
	}
}

type nilErr struct{}

func (*nilErr) Error() string { panic("typed nil") }

func TestTypedNilErrorInPayload(t *testing.T) {
	l, sink := newLogger(t, false, observe.Debug)
	var e *nilErr
	if err := l.Emit(context.Background(), "training.metric", map[string]any{"metric": error(e), "value": 1.0}); err != nil {
		t.Fatal(err)
	}
	if d := decode(t, sink.take()[0])["data"].(map[string]any); d["metric"] != nil {
		t.Errorf("metric written from a panicking Error(): %v", d)
	}
}

func TestCommitTwiceIsRefused(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	w := l.Begin(ctx, events.Registry().Lookup("eval.run.start"), 0)
	w.String(0, "b")
	if err := l.Commit(ctx, w); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(ctx, w); !errors.Is(err, filter.ErrStaleWriter) {
		t.Errorf("second Commit = %v, want ErrStaleWriter", err)
	}
	if n := len(sink.take()); n != 1 {
		t.Errorf("%d records written, want 1", n)
	}
}
