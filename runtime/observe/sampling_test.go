package observe_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/observe"
)

func TestThreshold(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Info)
	events.InferenceScoreStart{VariantID: "v"}.Log(ctx, l) // debug
	events.EvalRunStart{Benchmark: "b"}.Log(ctx, l)        // info
	events.TrainingCollapseAlert{Criterion: events.TrainingCollapseAlertCriterionKLReg}.Log(ctx, l)
	if n := len(sink.take()); n != 2 {
		t.Errorf("threshold info wrote %d records, want 2", n)
	}
}

func TestStepSamplingByStepNumber(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	for step := int64(0); step < 1000; step++ {
		events.TrainingStep{LossPred: 1}.Log(ctx, l.WithStep(step))
	}
	lines := sink.take()
	if len(lines) != 10 {
		t.Fatalf("1000 steps at log_every=100 wrote %d records", len(lines))
	}
	for i, line := range lines {
		if got := decode(t, line)["step"]; got.(interface{ String() string }).String() != []string{"0", "100", "200", "300", "400", "500", "600", "700", "800", "900"}[i] {
			t.Errorf("record %d is step %v", i, got)
		}
	}
}

func TestCacheSamplingOneInThousand(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	for i := 0; i < 5000; i++ {
		events.DataCacheHit{Cache: events.DataCacheHitCacheEncodedWindows}.Log(ctx, l)
		events.DataCacheMiss{Cache: events.DataCacheMissCacheEncodedWindows}.Log(ctx, l)
	}
	hits, misses := 0, 0
	for _, line := range sink.take() {
		switch decode(t, line)["event"] {
		case "data.cache.hit":
			hits++
		case "data.cache.miss":
			misses++
		}
	}
	if hits != 5 || misses != 5 {
		t.Errorf("5000 each at 1/1000: %d hits, %d misses written", hits, misses)
	}
}

func TestTraceIDsFromContext(t *testing.T) {
	l, sink := newLogger(t, true, observe.Debug)
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled}))
	events.EvalRunStart{Benchmark: "b"}.Log(ctx, l)
	events.EvalRunStart{Benchmark: "b"}.Log(context.Background(), l)
	lines := sink.take()
	rec := decode(t, lines[0])
	if rec["trace_id"] != "4bf92f3577b34da6a3ce929d0e0e4736" || rec["span_id"] != "00f067aa0ba902b7" {
		t.Errorf("trace fields: %v", rec)
	}
	if rec := decode(t, lines[1]); rec["trace_id"] != nil {
		t.Errorf("trace_id without a span: %v", rec)
	}
}

func TestRedactionCounted(t *testing.T) {
	ctx := context.Background()
	l, _ := newLogger(t, false, observe.Debug)
	id := events.IDTrainingMetric
	deny := meters.ObservabilityRedactedKeys.With(id, meters.ObservabilityRedactedKeysRule(filter.RuleDeny))
	dna := meters.ObservabilityRedactedKeys.With(id, meters.ObservabilityRedactedKeysRule(filter.RuleDNA))
	d0, n0 := deny.Value(), dna.Value()
	l.Emit(ctx, "training.metric", map[string]any{"metric": "GATTACAGATTACAGATTACA", "sample_id": "S1", "user_email": "x@y"})
	if deny.Value()-d0 != 2 || dna.Value()-n0 != 1 {
		t.Errorf("redacted_keys: deny +%d (want 2), dna +%d (want 1)", deny.Value()-d0, dna.Value()-n0)
	}
	// The rule enum and the metric's label values agree.
	for r := filter.RuleAllowlist; r <= filter.RuleDNA; r++ {
		if meters.ObservabilityRedactedKeysRule(r).String() != r.String() {
			t.Errorf("rule %d is %s in redact, %s in the metric", r, r, meters.ObservabilityRedactedKeysRule(r))
		}
	}
}

func TestErrorsRaisedCounted(t *testing.T) {
	ctx := context.Background()
	l, _ := newLogger(t, true, observe.Debug)
	c := meters.ErrorsRaised.With(events.CodeEvalErrorRegression)
	v := meters.ErrorsRaised.With(events.CodeInternalErrorInvariantViolation)
	c0, v0 := c.Value(), v.Value()
	events.EvalRegression{ErrorCode: events.CodeEvalErrorRegression, Benchmark: "b", Metric: "m"}.Log(ctx, l)
	l.Emit(ctx, "training.metric", map[string]any{"genotype": "0/1"}) // refused: one violation record
	if c.Value()-c0 != 1 || v.Value()-v0 != 1 {
		t.Errorf("errors.raised: regression +%d, invariant violation +%d (want 1 and 1)", c.Value()-c0, v.Value()-v0)
	}
}
