// Package logger has a planted bypass: Debug reaches a sink through a
// helper, a closure and an interface call, never through the filter.
package logger

import (
	"example.com/graphcase/planted/helper"
	"example.com/graphcase/redact"
)

// Logger logs.
type Logger struct {
	f     redact.Filter
	sinks []redact.Sink
}

// New returns a logger.
func New(sinks ...redact.Sink) *Logger { return &Logger{sinks: sinks} }

// Info logs a line through the filter.
func (l *Logger) Info(line string) error { return l.f.Emit(line, l.sinks) }

// Debug is "faster": it skips the filter.
func (l *Logger) Debug(line string) error {
	send := func(s redact.Sink) error { return helper.Forward(s, line) }
	return send(l.sinks[0])
}
