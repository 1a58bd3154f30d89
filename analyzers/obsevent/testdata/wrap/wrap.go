// Package wrap defines wrappers of the logger's dynamic path; its callers
// are checked in package wrapuse.
package wrap

import (
	"context"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// Info passes name through: a wrapper.
func Info(ctx context.Context, l observe.Logger, name string, data map[string]any) { // want Info:`eventWrapper\(name=2\)`
	_ = l.Emit(ctx, name, data)
}

// Nested wraps a wrapper: also a wrapper.
func Nested(l observe.Logger, name string) { // want Nested:`eventWrapper\(name=1\)`
	Info(context.Background(), l, name, nil)
}

// Fail is an error wrapper with a fixed code.
func Fail(ctx context.Context, l observe.Logger, event string) { // want Fail:`eventWrapper\(name=2, code="InternalError.Panic", error\)`
	_ = l.EmitError(ctx, event, "InternalError.Panic", nil)
}

// Crash wraps Fail, so it logs Fail's fixed code.
func Crash(l observe.Logger, event string) { // want Crash:`eventWrapper\(name=1, code="InternalError.Panic", error\)`
	Fail(context.Background(), l, event)
}

// FailWith picks its code at run time: what its callers log cannot be
// checked, so the code is reported here.
func FailWith(ctx context.Context, l observe.Logger, event string, codes []string) { // want FailWith:`eventWrapper\(name=2, code=-1, error\)`
	_ = l.EmitError(ctx, event, codes[0], nil) // want `error code passed to observe.Logger.EmitError is not a compile-time constant or a parameter of FailWith`
}

// FailCode passes both the name and the code through.
func FailCode(ctx context.Context, l observe.Logger, event, code string) { // want FailCode:`eventWrapper\(name=2, code=3, error\)`
	_ = l.EmitError(ctx, event, code, nil)
}

// Rewrites changes its parameter before use: not a wrapper, and reported.
func Rewrites(ctx context.Context, l observe.Logger, name string) {
	name = "training." + name
	_ = l.Emit(ctx, name, nil) // want `not a compile-time constant`
}

// Fixed always logs one registered event: not a wrapper, and fine.
func Fixed(ctx context.Context, l observe.Logger) {
	_ = l.Emit(ctx, "training.run.end", nil)
}

// Typed logs a typed event; it is also why this package, and every
// package that imports it, sees the registry of generated/events.
func Typed(ctx context.Context, l observe.Logger) error {
	return events.TrainingRunEnd{}.Log(ctx, l)
}

// sameFile calls a wrapper in its own package: checked like any caller.
func sameFile(ctx context.Context, l observe.Logger) {
	Info(ctx, l, "no.such.event", nil) // want `event "no.such.event" passed to Info is not registered`
}
