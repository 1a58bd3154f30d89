// Package bad holds INV-OBS-1 violations.
package bad

import (
	"context"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/obslog"
)

const unregistered = "training.launch"

type job struct{ event string }

func dynamicName(ctx context.Context, l obslog.Logger, j job, name string) {
	_ = l.Emit(ctx, j.event, nil) // want `event name passed to obslog.Logger.Emit is not a compile-time constant`
	n := name + ".x"
	_ = l.Emit(ctx, n, nil) // want `is not a compile-time constant`
}

func unregisteredNames(ctx context.Context, l obslog.Logger) {
	_ = l.Emit(ctx, "training.stpe", nil)               // want `event "training.stpe" passed to obslog.Logger.Emit is not registered in embedded registry \(INV-OBS-1\): did you mean "training.step"\?`
	_ = l.Emit(ctx, unregistered, nil)                  // want `event "training.launch" .* is not registered`
	_ = l.Emit(ctx, "completely.different.thing", nil)  // want `event "completely.different.thing" passed to obslog.Logger.Emit is not registered in embedded registry \(INV-OBS-1\): register it`
	_ = l.EmitError(ctx, "eval.regresion", "X.Y", nil)  // want `did you mean "eval.regression"\?`
	_ = l.Emit(ctx, "data.cache.hit", map[string]any{}) // ok: registered, debug
}

func wrongSeverity(ctx context.Context, l obslog.Logger, code string) {
	_ = l.Emit(ctx, "eval.regression", nil)                                // want `event "eval.regression" is registered at severity error and needs an error code, but obslog.Logger.Emit logs without one`
	_ = l.EmitError(ctx, "training.step", "TrainingError.NonFinite", nil)  // want `event "training.step" is registered at severity debug, but obslog.Logger.EmitError logs it as an error`
	_ = l.EmitError(ctx, "eval.regression", "DataError.CorruptShard", nil) // want `error code "DataError.CorruptShard" is not allowed for event "eval.regression"`
	_ = l.EmitError(ctx, "eval.regression", code, nil)                     // want `error code passed to obslog.Logger.EmitError is not a compile-time constant`
	_ = l.EmitError(ctx, "eval.regression", "EvalError.Regression", nil)   // ok
}

func methodValue(ctx context.Context, l obslog.Logger) {
	emit := l.Emit // want `obslog.Logger.Emit used as a function value`
	_ = emit(ctx, "anything", nil)
	f := obslog.Logger.EmitError // want `obslog.Logger.EmitError used as a function value`
	_ = f
}

func handBuilt(ctx context.Context, l obslog.Logger) {
	ev := *events.TrainingStep{}.Spec()
	w := l.Begin(ctx, &ev, 0) // want `obslog.Logger.Begin starts a record from a hand-made event descriptor and is for generated code only`
	_ = l.Commit(ctx, w)
}
