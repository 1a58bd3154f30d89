package observe_test

import (
	"context"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

type discardSink struct{}

func (discardSink) WriteRecord(*observe.Record) error { return nil }

// TestHotPathAllocatesNothing: a typed record through the filter, one
// below the threshold and one sampled out cost no allocation.
func TestHotPathAllocatesNothing(t *testing.T) {
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{
		RunID: "run-allocs", Level: observe.Debug, Strict: true, LogEvery: 1, Sinks: []observe.Sink{discardSink{}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	step := l.WithStep(7).WithEpoch(1).WithPhase("phase1")
	ev := events.TrainingStep{LossPred: 0.25, LossReg: 0.1, LR: 3e-4, GradNorm: 1.5, BatchSize: 64, Tokens: 32768, Throughput: 1600}
	info, _ := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-allocs", Level: observe.Info, Sinks: []observe.Sink{discardSink{}}})
	sampled, _ := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-allocs", Level: observe.Debug, LogEvery: 100, Sinks: []observe.Sink{discardSink{}}})
	for name, f := range map[string]func(){
		"written":     func() { _ = ev.Log(ctx, step) },
		"below":       func() { _ = ev.Log(ctx, info) },
		"sampled out": func() { _ = ev.Log(ctx, sampled.WithStep(7)) },
	} {
		if n := testing.AllocsPerRun(200, f); n != 0 {
			t.Errorf("%s: %v allocations per record", name, n)
		}
	}
}
