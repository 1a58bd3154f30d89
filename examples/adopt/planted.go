//go:build planted

package main

import (
	"context"

	"github.com/genolewm/obs/runtime/observe"
)

// planted logs an event name that the registry does not hold: obslint
// must report it (make test vets this file with -tags planted).
func planted(ctx context.Context, l observe.Logger) error {
	return l.Emit(ctx, "app.job.strat", nil)
}
