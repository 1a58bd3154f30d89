package observe_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/observe"
)

// TestBadInput gives each awkward input its defined outcome; the line
// always stays valid JSON.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, false, observe.Debug)

	// Invalid UTF-8 becomes U+FFFD.
	events.TrainingMetric{Metric: "bad\xffutf8", Value: 1}.Log(ctx, l)
	rec := decode(t, sink.take()[0])
	if m := rec["data"].(map[string]any)["metric"].(string); m != "bad\uFFFDutf8" || !utf8.ValidString(m) {
		t.Errorf("invalid UTF-8 written as %q", m)
	}

	// A string over 1 MiB is cut to MaxString and marked.
	huge := strings.Repeat("x", 2<<20)
	events.TrainingMetric{Metric: huge, Value: 1}.Log(ctx, l)
	line := sink.take()[0]
	m := decode(t, line)["data"].(map[string]any)["metric"].(string)
	if len(m) > filter.MaxString+20 || !strings.HasSuffix(m, "...(truncated)") {
		t.Errorf("huge string: %d bytes, suffix %q", len(m), m[len(m)-20:])
	}
	// ... and a huge string hiding bases past the cut is still dropped.
	events.TrainingMetric{Metric: strings.Repeat("x", 1<<20) + strings.Repeat("ACGT", 6), Value: 1}.Log(ctx, l)
	if d := decode(t, sink.take()[0])["data"].(map[string]any); d["metric"] != nil {
		t.Errorf("bases past the truncation point were written")
	}

	// NaN and infinities are strings, as in the protobuf JSON mapping.
	events.TrainingStep{LossPred: math.NaN(), LossReg: math.Inf(1), LR: math.Inf(-1)}.Log(ctx, l)
	d := decode(t, sink.take()[0])["data"].(map[string]any)
	if d["loss_pred"] != "NaN" || d["loss_reg"] != "Infinity" || d["lr"] != "-Infinity" {
		t.Errorf("non-finite floats: %v", d)
	}

	// Nil maps and lists: left out when optional.
	events.EvalRunEnd{Benchmark: "b", Scores: nil}.Log(ctx, l)
	if d := decode(t, sink.take()[0])["data"].(map[string]any); d["scores"] != nil {
		t.Errorf("nil map written as %v", d["scores"])
	}
	l.Emit(ctx, "eval.run.end", map[string]any{"benchmark": "b", "scores": map[string]float64(nil)})
	if d := decode(t, sink.take()[0])["data"].(map[string]any); d["scores"] == nil {
		t.Errorf("an explicit empty map should be written as {}: %v", d)
	}
	l.Emit(ctx, "eval.run.end", nil) // a nil payload is an empty one
	if len(sink.take()) != 1 {
		t.Errorf("nil payload not written")
	}

	// Deeply nested values fail the type rule: maps are shallow.
	deep := map[string]any{"a": map[string]any{"b": map[string]any{"c": 1.0}}}
	l.Emit(ctx, "eval.run.end", map[string]any{"benchmark": "b", "scores": deep})
	if d := decode(t, sink.take()[0])["data"].(map[string]any); d["scores"] != nil {
		t.Errorf("nested map written: %v", d["scores"])
	}

	// Control characters are escaped.
	events.TrainingMetric{Metric: "a\"b\\c\nd\te\x01", Value: 0}.Log(ctx, l)
	if got := decode(t, sink.take()[0])["data"].(map[string]any)["metric"]; got != "a\"b\\c\nd\te\x01" {
		t.Errorf("escaping round trip: %q", got)
	}

	// A phase holding DNA is dropped from the header.
	events.TrainingMetric{Metric: "m"}.Log(ctx, l.WithPhase(strings.Repeat("GATTACA", 3)))
	if rec := decode(t, sink.take()[0]); rec["phase"] != nil {
		t.Errorf("phase with bases written")
	}
}
