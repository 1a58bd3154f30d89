package good

import (
	"sync"

	"github.com/genolewm/obs/runtime/observe"
)

// runSink is shaped like the runtime's W&B sink (runtime/internal/
// wandbrun): it keeps records of the events it forwards, by their
// accessors, in a queue that its own goroutine writes, and writes its
// last record at Close without calling any sink. All of it is fine: only
// the filter calls WriteRecord.
type runSink struct {
	mu    sync.Mutex
	queue [][]byte
	kick  chan struct{}
}

func (s *runSink) WriteRecord(r *observe.Record) error {
	if r.Event().Name() != "training.step" {
		return nil
	}
	s.mu.Lock()
	s.queue = append(s.queue, append([]byte(nil), r.Data()...))
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	return nil
}

// Close queues the run's exit record itself: no record passes a sink.
func (s *runSink) Close() error {
	s.mu.Lock()
	s.queue = append(s.queue, []byte("exit"))
	s.mu.Unlock()
	return nil
}

func startWithRun() observe.Options {
	return observe.Options{ExtraSinks: []observe.Sink{&runSink{kick: make(chan struct{}, 1)}}}
}
