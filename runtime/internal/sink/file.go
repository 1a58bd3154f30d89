package sink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// QueueLen bounds the records a File holds in memory before they are
// written: the most a fatal crash can lose, and enough to keep the writer
// busy while callers encode.
const QueueLen = 256

// maxBatch is the largest batch buffer kept for reuse.
const maxBatch = 1 << 20

// File appends records to a JSON Lines file. WriteRecord copies the line
// into a pending batch and returns; a writer goroutine takes the whole
// batch at once and appends each line with a single Write, so lines never
// interleave, and the callers' encoding overlaps the writer's write(2)s.
// Handing over a batch, not a line, matters: a per-line channel handoff
// wakes the writer for every record and ends up running both sides on one
// core, one after the other. When QueueLen records are pending WriteRecord
// waits: records are never dropped. A warn or error record returns only
// once written, so an exit that skips Close loses at most debug and info
// records. Close writes what is pending, syncs and closes.
//
// Write failures happen on the writer goroutine: they go to the handler
// set with OnWriteError (the logger counts them and reports the first).
type File struct {
	f    *os.File
	path string

	mu      sync.Mutex
	cond    sync.Cond // signals work to the writer and room to callers
	pending []byte    // pending lines, back to back
	ends    []int     // end offset of each pending line
	closed  bool
	queued  uint64 // lines ever added to pending
	written uint64 // lines ever written (or failed)
	done    chan struct{}

	onError atomic.Pointer[func(error)]
}

// OpenRunFile opens dir/runID.jsonl for appending, creating dir with
// owner-only permissions (logs are personal-data adjacent even when clean)
// and the file owner-only.
func OpenRunFile(dir, runID string) (*File, error) {
	if runID == "" || strings.ContainsAny(runID, `/\`) || runID == "." || runID == ".." {
		return nil, fmt.Errorf("sink: run id %q cannot name a file", runID)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sink: creating log dir: %w", err)
	}
	return OpenPath(filepath.Join(dir, runID+".jsonl"))
}

// OpenPath opens path for appending with owner-only permissions.
func OpenPath(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	s := &File{f: f, path: path, done: make(chan struct{})}
	s.cond.L = &s.mu
	go s.write()
	return s, nil
}

// Path is the file's path.
func (s *File) Path() string { return s.path }

// OnWriteError sets the handler of write failures.
func (s *File) OnWriteError(h func(error)) { s.onError.Store(&h) }

// WriteRecord adds the record's line to the pending batch. It fails only
// after Close.
func (s *File) WriteRecord(r *filter.Record) error {
	s.mu.Lock()
	for !s.closed && len(s.ends) >= QueueLen {
		s.cond.Wait()
	}
	if s.closed {
		s.mu.Unlock()
		return os.ErrClosed
	}
	s.pending = append(s.pending, r.Bytes()...)
	s.ends = append(s.ends, len(s.pending))
	s.queued++
	if len(s.ends) == 1 {
		s.cond.Broadcast() // the writer may be waiting for work
	}
	// Warnings and errors are the records a crash report needs: wait
	// until they are on disk (well, in the kernel), so that an exit that
	// skips Close (os.Exit, a fatal error) cannot lose them.
	if r.Severity() >= schema.Warn {
		for mine := s.queued; s.written < mine; {
			s.cond.Wait()
		}
	}
	s.mu.Unlock()
	return nil
}

// write is the writer goroutine: it swaps the pending batch for an empty
// one and writes its lines, one Write each, in order.
func (s *File) write() {
	defer close(s.done)
	var batch []byte
	var ends []int
	s.mu.Lock()
	for {
		for len(s.ends) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.ends) == 0 {
			s.mu.Unlock()
			return
		}
		batch, s.pending = s.pending, batch[:0]
		ends, s.ends = s.ends, ends[:0]
		s.cond.Broadcast() // room for waiting callers
		s.mu.Unlock()
		start := 0
		for _, end := range ends {
			if _, err := s.f.Write(batch[start:end]); err != nil {
				if h := s.onError.Load(); h != nil {
					(*h)(err)
				}
			}
			start = end
		}
		s.mu.Lock()
		s.written += uint64(len(ends))
		s.cond.Broadcast() // waiting warn/error records
		if cap(batch) > maxBatch {
			batch = nil // do not pin a buffer grown by one huge record
		}
	}
}

// Close writes what is pending, syncs the file to disk and closes it.
// Records sent after Close are refused with os.ErrClosed.
func (s *File) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
	<-s.done
	syncErr := s.f.Sync()
	if errors.Is(syncErr, os.ErrInvalid) || errors.Is(syncErr, syscall.EINVAL) {
		syncErr = nil // not a regular file (a pipe, /dev/full): nothing to sync
	}
	return errors.Join(syncErr, s.f.Close())
}
