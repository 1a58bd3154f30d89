// Package good logs only in legitimate ways: no diagnostics.
package good

import (
	"context"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

const stepEvent = "training.step"

func typed(ctx context.Context, l observe.Logger) error {
	if err := (events.TrainingStep{LossPred: 0.5}).Log(ctx, l); err != nil {
		return err
	}
	return events.EvalRegression{Benchmark: "b", ErrorCode: events.CodeEvalErrorRegression}.Log(ctx, l)
}

func dynamic(ctx context.Context, l observe.Logger, loss float64) error {
	if err := l.Emit(ctx, stepEvent, map[string]any{"loss_pred": loss}); err != nil {
		return err
	}
	return l.EmitError(ctx, "inference.network.blocked", "InferenceError.NetworkBlocked", nil)
}
