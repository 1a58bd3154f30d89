// Package job logs through the module's generated events.
package job

import (
	"context"

	"example.com/adopt/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// Run logs a job's start and end.
func Run(ctx context.Context, l observe.Logger) error {
	if err := (events.JobStart{Job: "j1"}).Log(ctx, l); err != nil {
		return err
	}
	return l.Emit(ctx, "app.job.end", nil)
}
