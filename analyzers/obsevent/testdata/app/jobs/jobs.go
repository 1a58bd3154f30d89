// Package jobs is user code of the module: checked, with no flag, against
// the registry of its generated package app/events.
package jobs

import (
	"context"

	"example.com/lintcase/app/events"
	"github.com/genolewm/obs/runtime/observe"
)

// Run logs a job's start, typed and dynamic.
func Run(ctx context.Context, l observe.Logger) {
	_ = events.JobStart{Job: "j1"}.Log(ctx, l)
	_ = l.Emit(ctx, "app.job.start", nil)
	_ = l.Emit(ctx, "app.jbo.start", nil) // want `event "app.jbo.start" passed to observe.Logger.Emit is not registered in the registry of example.com/lintcase/app/events \(INV-OBS-1\): did you mean "app.job.start"\?`
	_ = l.EmitError(ctx, "app.job.failed", "AppError.Failed", nil)
	_ = l.EmitError(ctx, "app.job.failed", "AppError.Timeout", nil) // want `error code "AppError.Timeout" is not allowed for event "app.job.failed": registered codes are AppError.Failed`
	_ = l.Emit(ctx, "training.step", nil)                           // want `event "training.step" passed to observe.Logger.Emit is not registered in the registry of example.com/lintcase/app/events`
}
