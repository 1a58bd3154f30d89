package redact

import (
	"errors"
	"sync"
	"time"

	"github.com/genolewm/obs/runtime/eventspec"
)

// Sink receives filtered records. WriteRecord must not keep r, or its
// bytes, after it returns: records are reused. It must be safe for
// concurrent use.
type Sink interface {
	WriteRecord(r *Record) error
}

// Record is one filtered, encoded log record. Only this package creates
// records, so a sink can only ever receive what the filter produced.
type Record struct {
	line      []byte
	ev        *eventspec.Event
	dataStart int
}

// Bytes returns the record as one JSON line, newline included. The slice
// is valid only until WriteRecord returns.
func (r *Record) Bytes() []byte { return r.line }

// Event returns the record's registered event.
func (r *Record) Event() *eventspec.Event { return r.ev }

// Severity returns the record's severity, the one its event is registered at.
func (r *Record) Severity() eventspec.Severity { return r.ev.Severity }

// Data returns the JSON object of the record's data field.
func (r *Record) Data() []byte { return r.line[r.dataStart : len(r.line)-2] }

// Header holds the top-level fields of a record other than its event.
type Header struct {
	Time  time.Time
	RunID string
	Phase string
	// Step, Epoch and DurationMS are written when their Has flag is set.
	Step, Epoch, DurationMS          int64
	HasStep, HasEpoch, HasDurationMS bool
	// TraceID and SpanID are written when HasTrace is set.
	TraceID  [16]byte
	SpanID   [8]byte
	HasTrace bool
}

// Filter applies the redaction rules of one event table.
type Filter struct {
	table  *eventspec.Table
	snap   *snapshot
	strict bool
}

// NewFilter returns a filter enforcing t, after checking that its names
// are registry-shaped and that no allowlisted key is on the deny list. With
// strict set, any rule that trips makes the whole record offending.
func NewFilter(t *eventspec.Table, strict bool) (*Filter, error) {
	snap, err := check(t)
	if err != nil {
		return nil, err
	}
	return &Filter{table: t, snap: snap, strict: strict}, nil
}

// Table returns the event table the filter enforces.
func (f *Filter) Table() *eventspec.Table { return f.table }

var writers = sync.Pool{New: func() any { return &DataWriter{buf: make([]byte, 0, 1024)} }}

// maxPooled keeps a writer that once held a huge record from pinning its
// buffer in the pool.
const maxPooled = 64 << 10

// Begin starts a record of ev with the given header and error code (0 for
// none) and returns the writer for its data. ev must belong to the
// filter's table; a foreign descriptor makes the record offending.
func (f *Filter) Begin(ev *eventspec.Event, code eventspec.ErrorCode, h *Header) *DataWriter {
	w := writers.Get().(*DataWriter)
	w.f, w.code, w.res, w.n, w.foreign, w.written = f, code, Result{}, 0, false, 0
	if f.table.Owns(ev) {
		// Encode from the filter's checked copy, whatever the exported
		// descriptor says now.
		ev = &f.snap.events[ev.ID]
	} else {
		// Keep going with a harmless encoding, but the record can never
		// be written: the descriptor did not come from the registry.
		w.foreign = true
		ev = &foreignEvent
	}
	w.ev = ev
	b := append(w.buf[:0], `{"ts":`...)
	b = appendTS(b, h.Time)
	b = append(b, `,"severity":"`...)
	b = append(b, ev.Severity.String()...)
	// Event names are registry-validated dotted-lowercase: no escaping.
	b = append(b, `","event":"`...)
	b = append(b, ev.Name...)
	b = append(b, `","run_id":`...)
	b = appendString(b, h.RunID)
	if h.HasStep {
		b = append(b, `,"step":`...)
		b = appendInt(b, h.Step)
	}
	if h.HasEpoch {
		b = append(b, `,"epoch":`...)
		b = appendInt(b, h.Epoch)
	}
	if h.Phase != "" {
		if HasDNA(h.Phase) {
			w.res.Dropped[RuleDNA]++
		} else {
			b = append(b, `,"phase":`...)
			b = appendString(b, h.Phase)
		}
	}
	if h.HasDurationMS {
		b = append(b, `,"duration_ms":`...)
		b = appendInt(b, h.DurationMS)
	}
	if h.HasTrace {
		b = append(b, `,"trace_id":"`...)
		b = appendHex(b, h.TraceID[:])
		b = append(b, `","span_id":"`...)
		b = appendHex(b, h.SpanID[:])
		b = append(b, '"')
	}
	if ev.Severity == eventspec.Error {
		if !ev.AllowsCode(code) {
			w.res.BadCode = true
		}
		if name := f.table.CodeName(code); name != "" {
			b = append(b, `,"error_code":`...)
			b = appendString(b, name)
		}
	} else if code != 0 {
		w.res.BadCode = true
	}
	b = append(b, `,"data":`...)
	w.dataStart = len(b)
	w.buf = append(b, '{')
	return w
}

// ErrForeignEvent is returned by Emit for a descriptor not in the table.
var ErrForeignEvent = errors.New("redact: event descriptor is not from the registry table")

// ErrStaleWriter is returned by Emit for a writer that is not this
// filter's record in progress (committed twice, or on another logger).
var ErrStaleWriter = errors.New("redact: record writer already committed, or from another logger")

// foreignEvent stands in for a descriptor that is not the table's.
var foreignEvent = eventspec.Event{Name: "foreign", Severity: eventspec.Debug}

// Emit finishes w and hands the record to every sink. It is the only
// function that calls a sink. The result says what was dropped; the error
// is an *InvariantViolation when strict redaction refused the record (no
// sink was called), or the sinks' write errors joined.
func (f *Filter) Emit(w *DataWriter, sinks []Sink) (Result, error) {
	if w.f != f {
		// Committed twice, or on another logger: the writer may already
		// hold someone else's record. Never write it.
		return Result{}, ErrStaleWriter
	}
	rec, res, err := f.finish(w)
	if err != nil {
		f.release(w)
		return res, err
	}
	var errs []error
	for _, s := range sinks {
		if err := s.WriteRecord(rec); err != nil {
			errs = append(errs, err)
		}
	}
	f.release(w)
	return res, errors.Join(errs...)
}

// finish is the redaction step: it closes the record and decides whether
// it may be written at all.
func (f *Filter) finish(w *DataWriter) (*Record, Result, error) {
	if w.foreign {
		return nil, w.res, ErrForeignEvent
	}
	if req := f.snap.required[w.ev.ID]; w.written&req != req {
		w.res.MissingRequired = true
	}
	// A wrong error code is refused even when not strict: an error record
	// without its code (or with another event's) breaks the record
	// contract for every reader, and there is no key to drop instead.
	if w.res.BadCode || f.strict && w.res.Offending() {
		return nil, w.res, &InvariantViolation{Event: w.ev.Name, Result: w.res}
	}
	w.buf = append(w.buf, '}', '}', '\n')
	w.rec = Record{line: w.buf, ev: w.ev, dataStart: w.dataStart}
	return &w.rec, w.res, nil
}

func (f *Filter) release(w *DataWriter) {
	w.rec = Record{}
	w.ev, w.f = nil, nil
	if cap(w.buf) <= maxPooled {
		writers.Put(w)
	}
}
