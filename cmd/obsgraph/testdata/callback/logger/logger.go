// Package logger hands the sink to callbacks that the Go runtime calls:
// no call edge leads from Debug or Track to them.
package logger

import (
	"runtime"
	"time"

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

// Debug writes the line later, from a timer: the runtime calls the
// closure.
func (l *Logger) Debug(line string) {
	s := l.sinks[0]
	time.AfterFunc(time.Millisecond, func() { _ = s.WriteRecord(&redact.Record{Line: line}) })
}

type handle struct{ s redact.Sink }

// Track writes a record when the handle is collected: the runtime calls
// the finalizer.
func (l *Logger) Track() {
	runtime.SetFinalizer(&handle{l.sinks[0]}, flush)
}

func flush(h *handle) { _ = h.s.WriteRecord(&redact.Record{Line: "gone"}) }
