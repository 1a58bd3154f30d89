package promexport

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/genolewm/obs/runtime/internal/diag"
)

// ErrClosed is returned by Flush after Close.
var ErrClosed = errors.New("promexport: exporter is closed")

// staleTempAge is how old a leftover temp file must be before Start
// removes it; a write takes milliseconds.
const staleTempAge = time.Minute

// ErrTimeout is returned by Flush and Close when a write did not finish
// within Options.Timeout (a stalled disk); it goes on in the background
// and the next write waits for it.
var ErrTimeout = errors.New("promexport: writing metrics.prom did not finish within the write timeout (GENO_LEWM_WRITE_TIMEOUT_S, -write-timeout-s)")

// Exporter writes metrics.prom periodically. Its methods are safe for
// concurrent use.
//
// Every wait is bounded by Options.Timeout: a write runs on a goroutine
// of its own holding the write slot (sem), and callers wait for the slot
// and for the write at most the timeout. A write stuck on a stalled disk
// therefore never holds up Close or the host, and no lock is held while
// a failure is reported or handed to OnError.
type Exporter struct {
	opts   Options
	path   string
	gather prometheus.Gatherer

	stop chan struct{}
	done chan struct{}
	sem  chan struct{} // the write slot: one write at a time
	diag *diag.Writer

	mu       sync.Mutex // guards the fields below, never held during I/O
	closed   bool
	reported bool
	stats    Stats
}

// Stats counts the exporter's writes.
type Stats struct {
	// Writes is the number of complete writes of metrics.prom.
	Writes uint64
	// Failures is the number of failed writes (and refresh errors).
	Failures uint64
	// Timeouts is the number of writes that did not finish in time.
	Timeouts uint64
	// LastError is the most recent failure, nil if none.
	LastError error
}

// Start checks opts, creates the folder, writes metrics.prom once (so that
// every registered metric is visible from the start) and starts the
// periodic writer. Only invalid options or a folder that cannot be
// created are errors; a failure of the first write is handled like any
// later one.
func Start(opts Options) (*Exporter, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	// 0755: the textfile collector often runs as another user. A folder
	// that exists keeps its modes: the operator chose them (the log dir,
	// when it is also the metrics dir, is owner-only).
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("promexport: creating metrics folder: %w", err)
	}
	reg, err := NewRankRegistry(opts.Families, opts.Rank)
	if err != nil {
		return nil, err
	}
	e := &Exporter{
		opts:   opts,
		path:   filepath.Join(opts.Dir, RankFileName(opts.Rank)),
		gather: reg,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
		sem:    make(chan struct{}, 1),
		diag:   diag.New(opts.Diagnostics),
	}
	removeStaleTemps(opts.Dir, staleTempAge, time.Now())
	e.Flush()
	go e.loop()
	return e, nil
}

// Path is the file the exporter writes.
func (e *Exporter) Path() string { return e.path }

func (e *Exporter) loop() {
	defer close(e.done)
	t := time.NewTicker(e.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			e.Flush()
		case <-e.stop:
			return
		}
	}
}

// Flush writes metrics.prom now, within the timeout. Its error has also
// been counted and reported; callers may ignore it.
func (e *Exporter) Flush() error {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return ErrClosed
	}
	return e.write()
}

// Close stops the periodic writer and writes metrics.prom a last time,
// within the timeout. It returns the error of that last write; later
// calls return nil.
func (e *Exporter) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	close(e.stop)
	// The loop may be in a write that a stalled disk holds: it gives up
	// waiting within the timeout, as this last write does.
	err := e.write()
	e.diag.Flush(e.opts.Timeout)
	return err
}

// Stats returns the write counts.
func (e *Exporter) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stats
}

// write takes the write slot and writes, waiting at most the timeout for
// both; the failure is counted, reported and passed to OnError after it.
func (e *Exporter) write() error {
	t := time.NewTimer(e.opts.Timeout)
	defer t.Stop()
	select {
	case e.sem <- struct{}{}:
	case <-t.C:
		return e.timedOut() // the previous write still holds the disk
	}
	res := make(chan error, 1)
	go func() {
		defer func() { <-e.sem }()
		res <- e.writeOnce()
	}()
	select {
	case err := <-res:
		return e.finish(err)
	case <-t.C:
		return e.timedOut()
	}
}

func (e *Exporter) timedOut() error {
	e.mu.Lock()
	e.stats.Timeouts++
	e.mu.Unlock()
	return e.failed(ErrTimeout)
}

// writeOnce refreshes the sampled gauges and replaces the file.
func (e *Exporter) writeOnce() (err error) {
	// A panic while encoding would be a bug in this package or in
	// client_golang; it must not take the host program down with it.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("promexport: panic while writing %s: %v", e.path, r)
		}
	}()
	var refreshErr error
	if e.opts.Refresh != nil {
		if rerr := e.opts.Refresh(); rerr != nil {
			refreshErr = fmt.Errorf("promexport: refreshing sampled metrics: %w", rerr)
		}
	}
	var buf bytes.Buffer
	if err = WriteText(&buf, e.gather); err == nil {
		err = writeFile(e.opts.Dir, RankFileName(e.opts.Rank), buf.Bytes())
	}
	if err != nil {
		return fmt.Errorf("promexport: writing %s: %w", e.path, err)
	}
	if refreshErr != nil {
		return &refreshError{refreshErr}
	}
	return nil
}

// refreshError is a refresh failure after a good write.
type refreshError struct{ error }

func (r *refreshError) Unwrap() error { return r.error }

func (e *Exporter) finish(err error) error {
	var rerr *refreshError
	if err == nil || errors.As(err, &rerr) {
		e.mu.Lock()
		e.stats.Writes++
		e.mu.Unlock()
		if err == nil {
			return nil
		}
		_ = e.failed(rerr.error) // counted and reported; the file was written
		return nil
	}
	return e.failed(err)
}

// failed counts err, reports the first one and passes every one to
// OnError, with no lock held.
func (e *Exporter) failed(err error) error {
	e.mu.Lock()
	e.stats.Failures++
	e.stats.LastError = err
	first := !e.reported
	e.reported = true
	e.mu.Unlock()
	if first {
		e.diag.Print("genolewm/obs: writing " + FileName + " failed: " + diag.WithoutPaths(err) + " (the previous file is kept; further failures are counted, not reported)")
	}
	if e.opts.OnError != nil {
		e.opts.OnError(err)
	}
	return err
}
