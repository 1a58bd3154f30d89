// Package kvlog is another code base's logger, designated with
// -emit=(example.com/designated/kvlog.Logger).Log:1: the event name is the
// first element of its variadic parameter.
package kvlog

import "context"

// Logger logs key-value records; kv[0] is the event name.
type Logger struct{}

// Log logs kv.
func (Logger) Log(ctx context.Context, kv ...any) error { return nil }
