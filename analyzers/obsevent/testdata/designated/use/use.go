// Package use calls the designated logger of package kvlog.
package use

import (
	"context"

	"example.com/designated/kvlog"
	"github.com/genolewm/obs/generated/events"
)

var _ = events.Registry // the registry to check names against

func use(ctx context.Context, l kvlog.Logger, kv []any) {
	_ = l.Log(ctx, "training.step", "loss_pred", 0.5) // ok
	_ = l.Log(ctx, "no.such.event", "loss_pred", 0.5) // want `event "no.such.event" passed to kvlog.Logger.Log is not registered`
	_ = l.Log(ctx, kv...)                             // want `event name passed to kvlog.Logger.Log is inside a spread variadic argument \(xs...\), so it cannot be proven registered`
	_ = kvlog.Logger.Log(l, ctx, "no.such.event")     // want `event "no.such.event" passed to kvlog.Logger.Log is not registered`
}
