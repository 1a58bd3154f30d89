package obslog

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/runtime/eventspec"
)

// UnregisteredEventError is returned by Emit for a name not in the registry.
type UnregisteredEventError struct{ Name string }

func (e *UnregisteredEventError) Error() string {
	return fmt.Sprintf("obslog: event %q is not registered; add it to registry/events.yaml or use a registered name", e.Name)
}

// Emit writes a record of the registered event called name with a payload
// known only at run time. Every redaction rule applies to data. Typed
// events (generated/events) are the normal path; use Emit for data whose
// shape is only known at run time. For error-severity events use EmitError.
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
	t := l.c.filter.Table()
	ev := t.Lookup(name)
	if ev == nil {
		return &UnregisteredEventError{Name: name}
	}
	var code eventspec.ErrorCode
	if codeName != "" {
		if code = t.Code(codeName); code == 0 {
			return fmt.Errorf("obslog: error code %q is not registered", codeName)
		}
	}
	w := l.Begin(ctx, ev, code)
	if w == nil {
		return nil
	}
	w.Payload(data)
	return l.Commit(ctx, w)
}
