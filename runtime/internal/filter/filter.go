package filter

import (
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/runtime/internal/schema"
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
	ev        *schema.Event
	sev       schema.Severity
	dataStart int
}

// Bytes returns the record as one JSON line, newline included. The slice
// is valid only until WriteRecord returns.
func (r *Record) Bytes() []byte { return r.line }

// Event returns the record's registered event.
func (r *Record) Event() *schema.Event { return r.ev }

// Severity returns the record's severity, the one its event is registered at.
func (r *Record) Severity() schema.Severity { return r.sev }

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

// Filter applies the redaction rules of one compiled registry.
type Filter struct {
	reg    *schema.Registry
	snap   *snapshot
	strict bool
	// The size caps (Options).
	maxList, maxMap, maxRecord int
	// rank is the encoded rank fields of a multi-process run, the same in
	// every record of the process: encoded once.
	rank []byte
}

// Default size caps: far above any registered payload, far below what
// would hurt a host (256 queued records of the default cap are 256 MiB at
// worst, and the sink bounds its queue in bytes as well).
const (
	DefaultMaxList   = 1024
	DefaultMaxMap    = 256
	DefaultMaxRecord = 1 << 20
)

// Options configure a Filter.
type Options struct {
	// Strict makes any rule that trips refuse the whole record.
	Strict bool
	// MaxList is the longest list written, MaxMap the largest map: a
	// longer one is dropped under RuleSize (strict: the record is
	// refused). Zero means the default.
	MaxList, MaxMap int
	// MaxRecord is the longest line, in bytes, newline included: a longer
	// record is refused whole, strict or not (Result.TooLarge), since no
	// single key can be blamed. Zero means the default.
	MaxRecord int
	// Rank, when its WorldSize is above 1, is written in every record as
	// the top-level fields rank, world_size and, when LocalWorldSize is
	// set, local_rank. The caller has checked it.
	Rank Rank
}

// Rank is a process's place in a multi-process run.
type Rank struct {
	Rank, WorldSize, LocalRank, LocalWorldSize int
}

// encode returns the rank fields, nil for a single-process run.
func (r Rank) encode() []byte {
	if r.WorldSize <= 1 {
		return nil
	}
	b := append([]byte(`,"rank":`), strconv.Itoa(r.Rank)...)
	b = append(b, `,"world_size":`...)
	b = append(b, strconv.Itoa(r.WorldSize)...)
	if r.LocalWorldSize > 0 {
		b = append(b, `,"local_rank":`...)
		b = append(b, strconv.Itoa(r.LocalRank)...)
	}
	return b
}

// NewFilter returns a filter enforcing the compiled registry r.
func NewFilter(r *schema.Registry, o Options) (*Filter, error) {
	snap, err := check(r)
	if err != nil {
		return nil, err
	}
	if o.MaxList < 0 || o.MaxMap < 0 || o.MaxRecord < 0 {
		return nil, errors.New("filter: a size cap is negative; use 0 for the default or a positive bound")
	}
	if o.Rank.WorldSize > 1 && (o.Rank.Rank < 0 || o.Rank.Rank >= o.Rank.WorldSize || o.Rank.LocalRank < 0 ||
		o.Rank.LocalWorldSize < 0 || o.Rank.LocalWorldSize > 0 && o.Rank.LocalRank >= o.Rank.LocalWorldSize) {
		return nil, errors.New("filter: Options.Rank is inconsistent")
	}
	f := &Filter{reg: r, snap: snap, strict: o.Strict, maxList: o.MaxList, maxMap: o.MaxMap, maxRecord: o.MaxRecord, rank: o.Rank.encode()}
	if f.maxList == 0 {
		f.maxList = DefaultMaxList
	}
	if f.maxMap == 0 {
		f.maxMap = DefaultMaxMap
	}
	if f.maxRecord == 0 {
		f.maxRecord = DefaultMaxRecord
	}
	return f, nil
}

// Registry returns the registry the filter enforces.
func (f *Filter) Registry() *schema.Registry { return f.reg }

var writers = sync.Pool{New: func() any { return &DataWriter{buf: make([]byte, 0, 1024)} }}

// maxPooled keeps a writer that once held a huge record from pinning its
// buffer in the pool.
const maxPooled = 64 << 10

// Begin starts a record of event src with the given header and error code (0 for
// none) and returns the writer for its data. src must belong to the
// filter's registry; a foreign event makes the record offending.
func (f *Filter) Begin(src *schema.Event, code schema.ErrorCode, h *Header) *DataWriter {
	w := writers.Get().(*DataWriter)
	w.f, w.code, w.res, w.n, w.foreign, w.written = f, code, Result{}, 0, false, 0
	var ev *event
	if f.reg.Owns(src) {
		ev = &f.snap.events[src.ID()]
	} else {
		// Keep going with a harmless encoding, but the record can never
		// be written: the event is not this registry's.
		w.foreign = true
		ev = &foreignEvent
	}
	w.ev = ev
	b := append(w.buf[:0], `{"ts":`...)
	b = appendTS(b, h.Time)
	b = append(b, `,"severity":"`...)
	b = append(b, ev.severity.String()...)
	// Event names are registry-validated dotted-lowercase: no escaping.
	b = append(b, `","event":"`...)
	b = append(b, ev.name...)
	b = append(b, `","run_id":`...)
	b = appendString(b, h.RunID)
	b = append(b, f.rank...)
	if h.HasStep {
		b = append(b, `,"step":`...)
		b = appendInt(b, h.Step)
	}
	if h.HasEpoch {
		b = append(b, `,"epoch":`...)
		b = appendInt(b, h.Epoch)
	}
	if h.Phase != "" {
		if dna.Has(h.Phase) {
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
	if ev.severity == schema.Error {
		if ev.src == nil || !ev.src.AllowsCode(code) {
			w.res.BadCode = true
		}
		if name := f.reg.CodeName(code); name != "" {
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
var ErrForeignEvent = errors.New("filter: the event is not from the logger's registry")

// ErrStaleWriter is returned by Emit for a writer that is not this
// filter's record in progress (committed twice, or on another logger).
var ErrStaleWriter = errors.New("filter: record writer already committed, or from another logger")

// foreignEvent stands in for an event that is not the registry's.
var foreignEvent = event{name: "foreign", severity: schema.Debug}

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
	if req := w.ev.required; w.written&req != req {
		w.res.MissingRequired = true
	}
	if len(w.buf)+3 > f.maxRecord {
		w.res.TooLarge = true
	}
	// A wrong error code is refused even when not strict: an error record
	// without its code (or with another event's) breaks the record
	// contract for every reader, and there is no key to drop instead. So
	// is a record over the size cap.
	if w.res.BadCode || w.res.TooLarge || f.strict && w.res.Offending() {
		return nil, w.res, &InvariantViolation{Event: w.ev.name, Result: w.res}
	}
	w.buf = append(w.buf, '}', '}', '\n')
	w.rec = Record{line: w.buf, ev: w.ev.src, sev: w.ev.severity, dataStart: w.dataStart}
	return &w.rec, w.res, nil
}

func (f *Filter) release(w *DataWriter) {
	w.rec = Record{}
	w.ev, w.f = nil, nil
	if cap(w.buf) <= maxPooled {
		writers.Put(w)
	}
}
