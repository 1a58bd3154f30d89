// Package logger only reaches sinks through the filter.
package logger

import "example.com/graphcase/redact"

// Logger logs.
type Logger struct {
	f     redact.Filter
	sinks []redact.Sink
}

// New returns a logger.
func New(sinks ...redact.Sink) *Logger { return &Logger{sinks: sinks} }

// Info logs a line.
func (l *Logger) Info(line string) error { return l.f.Emit(line, l.sinks) }
