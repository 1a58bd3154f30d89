package wandbrun

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/sink"
)

// The writer owns the .wandb file. Callers queue encoded records; its
// goroutine frames a whole queue at the file's true end and hands it to
// the kernel in one write, so a crash (the process dies, the kernel keeps
// what it was given) leaves whole records only. A write that fails part
// way (a full disk) is truncated back to the last whole record, its
// records counted as lost, and framing goes on from there.
//
// No wait is unbounded: a caller waits for room in a full queue (256
// records or 4 MiB) at most the write timeout, and not at all while the
// file is known stalled; Close waits at most the timeout for the queue and
// the fsync.

const (
	queueLen   = 256
	queueBytes = 4 << 20
)

type writer struct {
	f       *os.File
	timeout time.Duration
	report  func(why schema.DropReason, n uint64, cause error)

	mu       sync.Mutex
	queue    [][]byte
	bytes    int
	closing  bool
	stalled  bool
	progress sink.Progress

	kick chan struct{}
	done chan struct{}
	off  int64 // the file's size: owned by the goroutine once started
}

func newWriter(f *os.File, off int64, timeout time.Duration, report func(schema.DropReason, uint64, error)) *writer {
	w := &writer{f: f, off: off, timeout: timeout, report: report,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *writer) full(n int) bool {
	return len(w.queue) >= queueLen || len(w.queue) > 0 && w.bytes+n > queueBytes
}

// put queues a copy of payload. It fails with sink.ErrTimeout when the
// queue stayed full for the timeout (the record is dropped and counted),
// and with os.ErrClosed after close.
func (w *writer) put(payload []byte) error {
	w.mu.Lock()
	if w.full(len(payload)) {
		deadline := time.Now().Add(w.timeout)
		for w.full(len(payload)) && !w.closing {
			if w.stalled || !w.wait(deadline) {
				w.stalled = true
				w.mu.Unlock()
				w.report(schema.DropTimeout, 1, nil)
				return sink.ErrTimeout
			}
		}
	}
	if w.closing {
		w.mu.Unlock()
		return os.ErrClosed
	}
	w.queue = append(w.queue, append([]byte(nil), payload...))
	w.bytes += len(payload)
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
	return nil
}

func (w *writer) wait(deadline time.Time) bool { return w.progress.Wait(&w.mu, deadline) }

func (w *writer) signal() { w.progress.Signal() }

func (w *writer) loop() {
	defer close(w.done)
	var buf []byte
	broken := false
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.closing {
			w.mu.Unlock()
			<-w.kick
			w.mu.Lock()
		}
		batch := w.queue
		w.queue, w.bytes = nil, 0
		w.signal()
		w.mu.Unlock()
		if len(batch) == 0 {
			return // closing, and everything is written
		}
		if broken {
			w.report(schema.DropWriteError, uint64(len(batch)), errBroken)
			continue
		}
		buf = buf[:0]
		end := w.off
		for _, p := range batch {
			buf, end = appendFramed(buf, end, p)
		}
		if _, err := w.f.WriteAt(buf, w.off); err != nil {
			// Undo to the last whole record, so that framing goes on
			// from a clean end; if even that fails the file is left as
			// it is and nothing more is written to it.
			if terr := w.f.Truncate(w.off); terr != nil {
				broken = true
			}
			w.report(schema.DropWriteError, uint64(len(batch)), err)
		} else {
			w.off = end
		}
		w.mu.Lock()
		w.stalled = false
		w.signal()
		w.mu.Unlock()
		if cap(buf) > queueBytes {
			buf = nil
		}
	}
}

var errBroken = errors.New("wandbrun: an earlier write to the .wandb file failed and could not be undone")

// close writes what is queued, syncs the file and its folder and closes
// it, all by deadline. Records still queued then are counted as lost.
func (w *writer) close(deadline time.Time, dir string) error {
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		return nil
	}
	w.closing = true
	w.signal()
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
	t := time.NewTimer(max(time.Until(deadline), time.Millisecond))
	defer t.Stop()
	select {
	case <-w.done:
	case <-t.C:
		w.mu.Lock()
		n := len(w.queue)
		w.queue = nil
		w.mu.Unlock()
		w.report(schema.DropTimeout, uint64(n), nil)
		return fmt.Errorf("%w (the W&B run's last records, its exit record among them, may be missing: `wandb sync` then marks it failed)", sink.ErrTimeout)
	}
	res := make(chan error, 1)
	go func() {
		err := w.f.Sync()
		if errors.Is(err, os.ErrInvalid) || errors.Is(err, syscall.EINVAL) {
			err = nil // nothing to sync on this file system
		}
		if d, derr := os.Open(dir); derr == nil {
			_ = d.Sync() // best effort: the folder entry, for a power loss
			d.Close()
		}
		res <- errors.Join(err, w.f.Close())
	}()
	select {
	case err := <-res:
		return err
	case <-t.C:
		return errors.New("wandbrun: syncing the .wandb file did not finish within the write timeout (GENO_LEWM_WRITE_TIMEOUT_S); its records were written but may not be on disk")
	}
}
