// Package good wires sinks the legitimate way: through the logger.
package good

import (
	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/obslog"
	"github.com/genolewm/obs/runtime/redact"
	"github.com/genolewm/obs/runtime/sink"
)

func newLogger(f *sink.File) (obslog.Logger, error) {
	return obslog.New(obslog.Options{Table: events.Table, RunID: "run-1", Sinks: []redact.Sink{f}})
}

// Record accessors are fine anywhere.
func size(r *redact.Record) int { return len(r.Bytes()) }
