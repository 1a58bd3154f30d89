// Package good wires sinks the legitimate way: through the logger.
package good

import (
	"os"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// fileSink is a user's own sink: defining WriteRecord is fine; only the
// filter calls it.
type fileSink struct{ f *os.File }

func (s fileSink) WriteRecord(r *observe.Record) error {
	_, err := s.f.Write(r.Bytes())
	return err
}

func newLogger(f *os.File) (observe.Logger, error) {
	return observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-1", Sinks: []observe.Sink{fileSink{f}}})
}

func options(f *os.File) observe.Options {
	return observe.Options{ExtraSinks: []observe.Sink{fileSink{f}}}
}

// Record accessors are fine anywhere.
func size(r *observe.Record) int { return len(r.Bytes()) }
