// Package diag writes the runtime's own one-line reports (a failed write,
// a stalled disk) to the host's Diagnostics writer, normally stderr.
//
// A report must never block the host: stderr can be a pipe whose reader
// stopped, or a terminal that is suspended. Lines are queued, at most
// queueLen of them, and written by a goroutine that exists only while
// there is something to write; when the queue is full a line is dropped.
// Callers never hold a lock of theirs while reporting, so a slow writer
// delays nothing but itself.
package diag

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"sync/atomic"
	"time"
)

const queueLen = 16

// Writer queues reports for w. The zero value and a nil *Writer discard.
type Writer struct {
	w       io.Writer
	ch      chan string
	running atomic.Bool
}

// New returns a Writer to w, or nil (discard) when w is nil.
func New(w io.Writer) *Writer {
	if w == nil {
		return nil
	}
	return &Writer{w: w, ch: make(chan string, queueLen)}
}

// Print queues one line (a newline is added). It never blocks.
func (d *Writer) Print(line string) {
	if d == nil || d.w == nil {
		return
	}
	select {
	case d.ch <- line + "\n":
	default:
		return // full: the queued ones say enough
	}
	if d.running.CompareAndSwap(false, true) {
		go d.drain()
	}
}

func (d *Writer) drain() {
	for {
		select {
		case line := <-d.ch:
			_, _ = io.WriteString(d.w, line) // nowhere left to report a failure
			continue
		default:
		}
		d.running.Store(false)
		// A line queued between the empty check and the store above
		// found running set and started nobody: take it over.
		if len(d.ch) == 0 || !d.running.CompareAndSwap(false, true) {
			return
		}
	}
}

// Flush waits until the queued lines are written, or timeout passes.
func (d *Writer) Flush(timeout time.Duration) {
	if d == nil || d.w == nil {
		return
	}
	deadline := time.Now().Add(timeout)
	for (len(d.ch) > 0 || d.running.Load()) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
}

// WithoutPaths describes err without the file paths that os errors carry:
// a report goes to stderr, which schedulers often keep with the logs, and
// a path can name a person (/home/alice/...). Errors returned to callers
// keep them.
func WithoutPaths(err error) string {
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
