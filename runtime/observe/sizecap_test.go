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

// TestSizeCaps: a list or map over its cap is a counted refusal under
// rule size (the key dropped, or strict the record refused), and a record
// over the record cap is refused whole in either mode, leaving the
// sanitized violation record instead.
func TestSizeCaps(t *testing.T) {
	ctx := context.Background()
	opts := func(strict bool, s *memSink) observe.LoggerOptions {
		return observe.LoggerOptions{RunID: "run-caps", Level: observe.Debug, Strict: strict, Sinks: []observe.Sink{s},
			MaxListLen: 8, MaxMapSize: 4, MaxRecordBytes: 4096}
	}
	frames := make([]string, 9)
	for i := range frames {
		frames[i] = "f"
	}
	scores := map[string]float64{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}

	s := &memSink{}
	l, err := observe.NewLogger(events.Registry(), opts(false, s))
	if err != nil {
		t.Fatal(err)
	}
	if err := (events.Error{ErrorCode: events.CodeIOErrorWriteFailed, Component: "c", Frames: frames}).Log(ctx, l.WithStep(0)); err != nil {
		t.Fatal(err)
	}
	if d := decode(t, s.take()[0])["data"].(map[string]any); d["frames"] != nil || d["component"] != "c" {
		t.Errorf("a list over the cap was written: %v", d)
	}
	_ = l.Emit(ctx, "eval.run.end", map[string]any{"benchmark": "b", "scores": map[string]any{"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 5.0}})
	if d := decode(t, s.take()[0])["data"].(map[string]any); d["scores"] != nil {
		t.Errorf("a map over the cap was written: %v", d)
	}

	s = &memSink{}
	l, _ = observe.NewLogger(events.Registry(), opts(true, s))
	err = events.EvalRunEnd{Benchmark: "b", Scores: scores}.Log(ctx, l)
	var iv *observe.InvariantViolation
	if !errors.As(err, &iv) || iv.Result.Dropped[filter.RuleSize] != 1 || strings.Join(iv.Result.Rules(), ",") != "size" {
		t.Errorf("strict, map over the cap: %v", err)
	}
	s.take()

	for _, strict := range []bool{false, true} {
		s = &memSink{}
		l, _ = observe.NewLogger(events.Registry(), opts(strict, s))
		before := l.Dropped("record_refused")
		err := events.TrainingMetric{Metric: strings.Repeat("xz", 2500), Value: 1}.Log(ctx, l)
		if !errors.As(err, &iv) || !iv.Result.TooLarge {
			t.Errorf("strict=%v, record over the cap: %v", strict, err)
		}
		lines := s.take()
		if len(lines) != 1 || !strings.Contains(string(lines[0]), `"rules":["size"]`) || strings.Contains(string(lines[0]), "xzxz") {
			t.Errorf("strict=%v: want only the violation record, got %q", strict, lines)
		}
		if got := l.Dropped("record_refused") - before; got != 1 {
			t.Errorf("strict=%v: dropped{record_refused} += %d", strict, got)
		}
	}
}
