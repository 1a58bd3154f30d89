package observe

import (
	"context"
	"errors"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// ErrUnregisteredEvent is returned by Emit and EmitError for a name that
// is not a registered event. It does not repeat the name: a rejected value
// may be exactly what must not be written anywhere.
var ErrUnregisteredEvent = errors.New("observe: the event name is not registered; add the event to the registry's events.yaml and regenerate, or use a registered name")

// ErrUnregisteredCode is returned by EmitError for an error code that is
// not registered.
var ErrUnregisteredCode = errors.New("observe: the error code is not registered; add it to the registry's error_codes and regenerate, or use a registered code")

// Emit writes a record of the registered event called name with a payload
// known only at run time. Every redaction rule applies to data. Typed
// events (the generated events package) are the normal path; use Emit for
// data whose shape is only known at run time. For error-severity events
// use EmitError.
func (l Logger) Emit(ctx context.Context, name string, data map[string]any) error {
	return l.emit(ctx, name, "", data)
}

// EmitError is Emit for an error-severity event, with its error code.
func (l Logger) EmitError(ctx context.Context, name, code string, data map[string]any) error {
	return l.emit(ctx, name, code, data)
}

func (l Logger) emit(ctx context.Context, name, codeName string, data map[string]any) error {
	if l.c == nil {
		return nil
	}
	ev := l.c.reg.Lookup(name)
	if ev == nil {
		return ErrUnregisteredEvent
	}
	var code schema.ErrorCode
	if codeName != "" {
		if code = l.c.reg.Code(codeName); code == 0 {
			return ErrUnregisteredCode
		}
	}
	w := l.Begin(ctx, ev, code)
	if w == nil {
		return nil
	}
	w.Payload(data)
	return l.Commit(ctx, w)
}
