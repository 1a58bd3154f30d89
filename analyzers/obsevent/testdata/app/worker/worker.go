// Package worker imports no generated package itself: it sees the
// registry of app/events through app/jobs.
package worker

import (
	"context"

	"example.com/lintcase/app/jobs"
	"github.com/genolewm/obs/runtime/observe"
)

func work(ctx context.Context, l observe.Logger) {
	jobs.Run(ctx, l)
	_ = l.Emit(ctx, "app.job.end", nil)
	_ = l.Emit(ctx, "app.job.ends", nil) // want `event "app.job.ends" passed to observe.Logger.Emit is not registered in the registry of example.com/lintcase/app/events \(INV-OBS-1\): did you mean "app.job.end"\?`
}
