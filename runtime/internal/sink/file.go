package sink

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// QueueLen bounds the records a File holds in memory before they are
// written: the most a fatal crash can lose, and enough to keep the writer
// busy while callers encode.
const QueueLen = 256

// maxPending bounds the bytes pending as well: 256 records at the filter's
// 1 MiB cap would be 256 MiB. One record is always accepted into an empty
// queue, whatever its size.
const maxPending = 4 << 20

// maxBatch is the largest batch buffer kept for reuse.
const maxBatch = 1 << 20

// DefaultTimeout is the default bound on every wait (GENO_LEWM_WRITE_TIMEOUT_S).
const DefaultTimeout = 2 * time.Second

// ErrTimeout is returned by WriteRecord when the record was dropped
// because the file did not take it within the timeout, and by Close when
// records were still pending at the deadline.
var ErrTimeout = errors.New("sink: the log file did not take the records within the write timeout (GENO_LEWM_WRITE_TIMEOUT_S, -write-timeout-s); they were dropped and counted")

// Options configure a File.
type Options struct {
	// Timeout bounds every wait of a caller: for room in a full queue,
	// for a warn or error record to be written, and Close. Zero means
	// DefaultTimeout.
	Timeout time.Duration
}

// Reporter is told what a File lost. Its methods are called without any
// lock of the File held, from the caller's goroutine or the writer's.
type Reporter interface {
	// Dropped reports n records lost for why; cause is the write error,
	// if any.
	Dropped(why schema.DropReason, n uint64, cause error)
	// Recovered reports, on a goroutine of its own, that the file took a
	// write again after losses: lost counts them by reason since the
	// previous call, so that a notice can be written into the log.
	Recovered(lost [schema.NumDropReasons]uint64)
}

// File appends records to a JSON Lines file. WriteRecord copies the line
// into a pending batch and returns; a writer goroutine takes the whole
// batch and hands it to the kernel in one write(2) (batch.go), so that
// the callers' encoding overlaps the writer's I/O and a busy logger costs
// one system call per batch, not per line.
//
// No wait is unbounded. When QueueLen records (or maxPending bytes) are
// pending, WriteRecord waits for room up to the timeout, then drops the
// record (counted, reported). A warn or error record returns only once
// written, so that an exit that skips Close loses at most debug and info
// records, but it too waits at most the timeout; while the file is known
// stalled (a wait timed out and nothing was written since), callers do
// not wait at all. Close writes what is pending, syncs and closes, within
// the timeout.
type File struct {
	path    string
	timeout time.Duration

	mu      sync.Mutex
	pending []byte // pending lines, back to back
	ends    []int  // end offset of each pending line
	closed  bool
	stalled bool // a wait timed out, and the writer has not progressed since
	// abandoned is set when Close gave up on the writer: what it still
	// holds has been counted as lost, and it reports nothing more.
	abandoned bool
	queued    uint64                        // lines ever added to pending
	written   uint64                        // lines ever written (or lost)
	progress  Progress                      // callers waiting on the writer
	lost      [schema.NumDropReasons]uint64 // since the last Recovered
	// notifying counts Recovered calls in flight: Close waits for them,
	// so that a notice is not refused for arriving after it.
	notifying int

	kick chan struct{} // work (or Close) for the writer
	done chan struct{} // closed when the writer returns

	// Owned by the writer goroutine.
	f  *os.File
	id fileID

	rep atomic.Pointer[Reporter]
}

// OpenRunFile opens dir/runID.jsonl for appending, creating dir and the
// file owner-only (open.go says what is refused).
func OpenRunFile(dir, runID string, o Options) (*File, error) {
	path, err := runFilePath(dir, runID)
	if err != nil {
		return nil, err
	}
	if err := prepareDir(dir); err != nil {
		return nil, err
	}
	f, id, err := openLog(path)
	if err != nil {
		return nil, err
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	s := &File{path: path, timeout: o.Timeout, f: f, id: id,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
	go s.write()
	return s, nil
}

// Path is the file's path.
func (s *File) Path() string { return s.path }

// SetReporter sets who is told about losses.
func (s *File) SetReporter(r Reporter) { s.rep.Store(&r) }

func (s *File) report(why schema.DropReason, n uint64, cause error) {
	if r := s.rep.Load(); r != nil && n > 0 {
		(*r).Dropped(why, n, cause)
	}
}

// full reports whether a line of n bytes must wait.
func (s *File) full(n int) bool {
	return len(s.ends) >= QueueLen || len(s.ends) > 0 && len(s.pending)+n > maxPending
}

// WriteRecord adds the record's line to the pending batch. It fails after
// Close (os.ErrClosed) and when the record was dropped (ErrTimeout).
func (s *File) WriteRecord(r *filter.Record) error {
	line := r.Bytes()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return os.ErrClosed
	}
	if s.full(len(line)) {
		var deadline time.Time
		for s.full(len(line)) && !s.closed {
			if s.stalled || !s.wait(&deadline) {
				s.stalled = true
				s.lost[schema.DropTimeout]++
				s.mu.Unlock()
				s.report(schema.DropTimeout, 1, nil)
				return ErrTimeout
			}
		}
		if s.closed {
			s.mu.Unlock()
			return os.ErrClosed
		}
	}
	s.pending = append(s.pending, line...)
	s.ends = append(s.ends, len(s.pending))
	s.queued++
	if len(s.ends) == 1 {
		select {
		case s.kick <- struct{}{}:
		default: // already kicked
		}
	}
	// Warnings and errors are the records a crash report needs: wait
	// until they are in the kernel, so that an exit that skips Close
	// (os.Exit, a fatal error) cannot lose them. The record stays queued
	// if the wait times out: it may still be written.
	if r.Severity() >= schema.Warn {
		var deadline time.Time
		for mine := s.queued; s.written < mine && !s.stalled; {
			if !s.wait(&deadline) {
				s.stalled = true
			}
		}
	}
	s.mu.Unlock()
	return nil
}

// wait waits, with s.mu held on entry and on return, until the writer
// makes progress or the deadline (set on first use) passes; it returns
// false on the deadline.
func (s *File) wait(deadline *time.Time) bool {
	if deadline.IsZero() {
		*deadline = time.Now().Add(s.timeout)
	}
	return s.progress.Wait(&s.mu, *deadline)
}

// signal wakes every waiter; s.mu is held.
func (s *File) signal() { s.progress.Signal() }

// Close writes what is pending, notes earlier losses in the log (an
// observability.records.lost record, through the Reporter), syncs the
// file to disk and closes it, all within the timeout. Records still
// pending at the deadline are counted as lost (they may yet reach the
// file if the disk comes back) and Close returns ErrTimeout. Records sent
// after Close are refused with os.ErrClosed.
func (s *File) Close() error {
	deadline := time.Now().Add(s.timeout)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	// Drain first, so that a loss notice written now goes last and in
	// order, while the file still takes records.
	for (s.written < s.queued || s.notifying > 0) && !s.stalled && !s.closed {
		if !s.wait(&deadline) {
			s.stalled = true
		}
	}
	var notice, none [schema.NumDropReasons]uint64
	if !s.stalled && !s.closed {
		notice, s.lost = s.lost, none
	}
	s.mu.Unlock()
	if r := s.rep.Load(); r != nil && notice != none {
		(*r).Recovered(notice)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.signal()
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	t := time.NewTimer(max(time.Until(deadline), time.Millisecond))
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
		s.mu.Lock()
		n := s.queued - s.written
		s.abandoned, s.stalled = true, true
		s.signal()
		s.mu.Unlock()
		s.report(schema.DropTimeout, n, nil)
		return fmt.Errorf("%w (%d records at Close)", ErrTimeout, n)
	}
	// fsync on a hung mount can block as long as a write: bound it too.
	res := make(chan error, 1)
	go func() {
		if s.f == nil {
			res <- nil // the path could not be reopened: already counted
			return
		}
		err := s.f.Sync()
		if errors.Is(err, os.ErrInvalid) || errors.Is(err, syscall.EINVAL) {
			err = nil // nothing to sync on this file system
		}
		res <- errors.Join(err, s.f.Close())
	}()
	select {
	case err := <-res:
		return err
	case <-t.C:
		return errors.New("sink: syncing the log file did not finish within the write timeout (GENO_LEWM_WRITE_TIMEOUT_S, -write-timeout-s); the records were written but may not be on disk")
	}
}
