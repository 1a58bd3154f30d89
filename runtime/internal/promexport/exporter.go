package promexport

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ErrClosed is returned by Flush after Close.
var ErrClosed = errors.New("promexport: exporter is closed")

// staleTempAge is how old a leftover temp file must be before Start
// removes it; a write takes milliseconds.
const staleTempAge = time.Minute

// Exporter writes metrics.prom periodically. Its methods are safe for
// concurrent use.
type Exporter struct {
	opts   Options
	path   string
	gather prometheus.Gatherer

	stop chan struct{}
	done chan struct{}

	mu       sync.Mutex // serialises writes and guards the fields below
	buf      bytes.Buffer
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
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("promexport: creating metrics folder: %w", err)
	}
	reg, err := NewRegistry(opts.Families)
	if err != nil {
		return nil, err
	}
	e := &Exporter{
		opts:   opts,
		path:   filepath.Join(opts.Dir, FileName),
		gather: reg,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
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

// Flush writes metrics.prom now. Its error has also been counted and
// reported; callers may ignore it.
func (e *Exporter) Flush() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	return e.flushLocked()
}

// Close stops the periodic writer and writes metrics.prom a last time. It
// returns the error of that last write; later calls return nil.
func (e *Exporter) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	// The loop may be waiting for the lock in Flush: release it first.
	close(e.stop)
	<-e.done
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.flushLocked()
}

// Stats returns the write counts.
func (e *Exporter) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stats
}

func (e *Exporter) flushLocked() (err error) {
	// A panic while encoding would be a bug in this package or in
	// client_golang; it must not take the host program down with it.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("promexport: panic while writing %s: %v", e.path, r)
			e.fail(err)
		}
	}()
	if e.opts.Refresh != nil {
		if rerr := e.opts.Refresh(); rerr != nil {
			e.fail(fmt.Errorf("promexport: refreshing sampled metrics: %w", rerr))
		}
	}
	e.buf.Reset()
	if err = WriteText(&e.buf, e.gather); err == nil {
		err = writeFile(e.opts.Dir, FileName, e.buf.Bytes())
	}
	if err != nil {
		err = fmt.Errorf("promexport: writing %s: %w", e.path, err)
		e.fail(err)
		return err
	}
	e.stats.Writes++
	return nil
}

// withoutPaths describes err without the file paths that os errors carry:
// the report goes to stderr, which schedulers often keep with the logs,
// and a path can name a person (/home/alice/...). Errors returned to the
// caller keep them.
func withoutPaths(err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Op + ": " + pe.Err.Error()
	case errors.As(err, &le):
		return le.Op + ": " + le.Err.Error()
	}
	return err.Error()
}

// fail counts err, reports the first one and passes every one to OnError.
func (e *Exporter) fail(err error) {
	e.stats.Failures++
	e.stats.LastError = err
	if !e.reported {
		e.reported = true
		fmt.Fprintf(e.opts.Diagnostics, "genolewm/obs: writing %s failed: %s (the previous file is kept; further failures are counted, not reported)\n", FileName, withoutPaths(err))
	}
	if e.opts.OnError != nil {
		e.opts.OnError(err)
	}
}
