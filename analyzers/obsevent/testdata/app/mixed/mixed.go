// Package mixed sees two registries, its module's and this repository's:
// the one whose package shares the longest import path prefix with it
// (example.com/lintcase/app/events) is the one it is checked against.
package mixed

import (
	"context"

	"example.com/lintcase/app/events"
	repo "github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

func both(ctx context.Context, l observe.Logger) {
	_ = events.JobStart{}.Log(ctx, l)
	_ = repo.TrainingStep{}.Log(ctx, l)
	_ = l.Emit(ctx, "app.job.end", nil)
	_ = l.Emit(ctx, "training.step", nil) // want `event "training.step" passed to observe.Logger.Emit is not registered in the registry of example.com/lintcase/app/events`
}
