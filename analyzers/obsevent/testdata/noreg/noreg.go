// Package noreg imports no generated package: it sees no registry, so its
// constant names are not checked; every other check still applies.
package noreg

import (
	"context"

	"github.com/genolewm/obs/runtime/observe"
)

func log(ctx context.Context, l observe.Logger, names []string, code string) {
	_ = l.Emit(ctx, "anything.at.all", nil)
	_ = l.EmitError(ctx, "any.error", "Any.Code", nil)
	_ = l.Emit(ctx, names[0], nil)               // want `event name passed to observe.Logger.Emit is not a compile-time constant`
	_ = l.EmitError(ctx, "any.error", code, nil) // want `error code passed to observe.Logger.EmitError is not a compile-time constant, so it cannot be checked against the registry`
	_ = l.Commit(ctx, l.Begin(ctx, nil, 0))      // want `observe.Logger.Commit writes a record field by field` `observe.Logger.Begin writes a record field by field`
}
