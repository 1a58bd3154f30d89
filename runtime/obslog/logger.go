package obslog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/eventspec"
	"github.com/genolewm/obs/runtime/redact"
)

// Options configure a logger.
type Options struct {
	// Table is the event registry, normally events.Table.
	Table *eventspec.Table
	// RunID names the run in every record; it must not be empty or hold DNA.
	RunID string
	// Level is the global threshold; records below it are not built.
	Level eventspec.Severity
	// Strict makes the filter fail closed (GENO_LEWM_REDACTION_STRICT=1).
	Strict bool
	// LogEvery keeps one training.step record in LogEvery steps (default 100).
	LogEvery int64
	// Sinks receive every filtered record.
	Sinks []redact.Sink
	// Diagnostics receives the logger's own one-time reports (write
	// failures); nil discards them.
	Diagnostics io.Writer
	// Now replaces time.Now, for tests.
	Now func() time.Time
}

type core struct {
	filter   *redact.Filter
	sinks    []redact.Sink
	level    eventspec.Severity
	runID    string
	logEvery int64
	now      func() time.Time
	diag     io.Writer
	// seen counts records per event for one_in sampling, one cache line
	// each: data.cache.hit and .miss are counted from every worker.
	seen []paddedCounter

	violation violationSpec

	phaseMu sync.Mutex
	phases  atomic.Pointer[[]string]

	writeErrors atomic.Uint64
	reported    atomic.Bool
	closed      atomic.Bool
}

type paddedCounter struct {
	n atomic.Uint64
	_ [56]byte
}

// Logger writes records. The zero Logger discards everything.
//
// A Logger has four word-sized fields so that the compiler keeps it in
// registers: deriving one with WithStep and the like, and logging below the
// threshold, then cost a few instructions and no memory traffic. The phase
// is interned in the core (phases are a handful per run) and packed with
// the duration and the presence flags.
type Logger struct {
	c     *core
	step  int64
	epoch int64
	// bits: presence flags (bits 0-7), phase index + 1 (bits 8-23), and
	// duration_ms (bits 24-63).
	bits uint64
}

const (
	hasStep uint64 = 1 << iota
	hasEpoch
	hasDur
)

const (
	phaseShift = 8
	phaseMask  = 0xffff
	durShift   = 24
	maxDurMS   = 1<<40 - 1
	// maxPhases bounds the intern table; further phases are not written.
	maxPhases = 1024
)

// New returns a logger over opts.Sinks.
func New(opts Options) (Logger, error) {
	if opts.Table == nil {
		return Logger{}, errors.New("obslog: Options.Table is nil; pass events.Table")
	}
	if opts.RunID == "" {
		return Logger{}, errors.New("obslog: empty run id")
	}
	if redact.HasDNA(opts.RunID) {
		return Logger{}, errors.New("obslog: run id holds a DNA sequence; choose another run id")
	}
	if opts.Level == 0 {
		opts.Level = eventspec.Info
	}
	if opts.LogEvery == 0 {
		opts.LogEvery = 100
	}
	if opts.LogEvery < 0 {
		return Logger{}, fmt.Errorf("obslog: log_every %d is negative", opts.LogEvery)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	v, err := lookupViolationSpec(opts.Table)
	if err != nil {
		return Logger{}, err
	}
	filter, err := redact.NewFilter(opts.Table, opts.Strict)
	if err != nil {
		return Logger{}, fmt.Errorf("obslog: %w", err)
	}
	c := &core{
		filter:    filter,
		sinks:     opts.Sinks,
		level:     opts.Level,
		runID:     opts.RunID,
		logEvery:  opts.LogEvery,
		now:       opts.Now,
		diag:      opts.Diagnostics,
		seen:      make([]paddedCounter, len(opts.Table.Events)),
		violation: v,
	}
	// Sinks that write on their own goroutine report failures back here,
	// so that every failure is counted and the first one reported.
	for _, s := range opts.Sinks {
		if a, ok := s.(interface{ OnWriteError(func(error)) }); ok {
			a.OnWriteError(c.writeFailed)
		}
	}
	return Logger{c: c}, nil
}

// RunID returns the run id written in every record.
func (l Logger) RunID() string {
	if l.c == nil {
		return ""
	}
	return l.c.runID
}

// WithStep returns a logger whose records carry step.
func (l Logger) WithStep(step int64) Logger { l.step = step; l.bits |= hasStep; return l }

// WithEpoch returns a logger whose records carry epoch.
func (l Logger) WithEpoch(epoch int64) Logger { l.epoch = epoch; l.bits |= hasEpoch; return l }

// WithPhase returns a logger whose records carry phase. Phases are few per
// run: derive the phase logger once, not per record. A logger interns at
// most 1024 distinct phases; records of further ones carry no phase.
func (l Logger) WithPhase(phase string) Logger {
	if l.c == nil {
		return l
	}
	idx := uint64(l.c.internPhase(phase))
	l.bits = l.bits&^(phaseMask<<phaseShift) | idx<<phaseShift
	return l
}

// WithDurationMS returns a logger whose records carry duration_ms, clamped
// to [0, 2^40) ms.
func (l Logger) WithDurationMS(ms int64) Logger {
	if ms < 0 {
		ms = 0
	} else if ms > maxDurMS {
		ms = maxDurMS
	}
	l.bits = l.bits&(1<<durShift-1) | uint64(ms)<<durShift | hasDur
	return l
}

// internPhase returns phase's index + 1 in the core's table, or 0 when the
// table is full.
func (c *core) internPhase(phase string) uint16 {
	if phase == "" {
		return 0
	}
	if tab := c.phases.Load(); tab != nil {
		for i, p := range *tab {
			if p == phase {
				return uint16(i + 1)
			}
		}
	}
	c.phaseMu.Lock()
	defer c.phaseMu.Unlock()
	var tab []string
	if old := c.phases.Load(); old != nil {
		tab = *old
	}
	for i, p := range tab {
		if p == phase {
			return uint16(i + 1)
		}
	}
	if len(tab) >= maxPhases {
		return 0
	}
	next := append(append(make([]string, 0, len(tab)+1), tab...), phase)
	c.phases.Store(&next)
	return uint16(len(next))
}

func (l Logger) phase() string {
	idx := int(l.bits >> phaseShift & phaseMask)
	if idx == 0 {
		return ""
	}
	return (*l.c.phases.Load())[idx-1]
}

// Allows reports whether records of severity sev pass the threshold. It
// inlines, so that generated Log methods skip all work below it.
func (l Logger) Allows(sev eventspec.Severity) bool { return l.c != nil && sev >= l.c.level }

// sampled reports whether this record of ev is kept. Nothing at warn or
// above is ever sampled out.
func (l Logger) sampled(ev *eventspec.Event) bool {
	if ev.Severity >= eventspec.Warn {
		return true
	}
	switch ev.Sampling {
	case eventspec.EveryLogEvery:
		return l.bits&hasStep == 0 || l.step%l.c.logEvery == 0
	case eventspec.OneIn:
		if int(ev.ID) < len(l.c.seen) && ev.OneIn > 1 {
			return (l.c.seen[ev.ID].n.Add(1)-1)%uint64(ev.OneIn) == 0
		}
	}
	return true
}

// Begin starts a record of ev, or returns nil when the record is below the
// threshold or sampled out. It is for generated code: call an event's Log
// method instead.
func (l Logger) Begin(ctx context.Context, ev *eventspec.Event, code eventspec.ErrorCode) *redact.DataWriter {
	// Small enough to inline: a record below the threshold costs a load
	// and a compare at the call site.
	if l.c == nil || ev.Severity < l.c.level {
		return nil
	}
	return l.begin(ctx, ev, code)
}

func (l Logger) begin(ctx context.Context, ev *eventspec.Event, code eventspec.ErrorCode) *redact.DataWriter {
	if l.c.closed.Load() || !l.sampled(ev) {
		return nil
	}
	var h redact.Header
	l.header(ctx, &h)
	return l.c.filter.Begin(ev, code, &h)
}

func (l Logger) header(ctx context.Context, h *redact.Header) {
	h.Time = l.c.now()
	h.RunID = l.c.runID
	h.Phase = l.phase()
	h.Step, h.HasStep = l.step, l.bits&hasStep != 0
	h.Epoch, h.HasEpoch = l.epoch, l.bits&hasEpoch != 0
	h.DurationMS, h.HasDurationMS = int64(l.bits>>durShift), l.bits&hasDur != 0
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			h.TraceID, h.SpanID, h.HasTrace = sc.TraceID(), sc.SpanID(), true
		}
	}
}

// Commit filters and writes a record started by Begin. It returns a
// *redact.InvariantViolation when redaction refused the record (a
// sanitized error record was written instead), or the write errors of
// sinks that write in the call (counted and reported once; logging goes
// on). The file sink writes on its own goroutine: its failures are counted
// and reported the same way, but not returned here.
func (l Logger) Commit(ctx context.Context, w *redact.DataWriter) error {
	if w == nil {
		return nil
	}
	ev := w.Event()
	code := w.Code()
	res, err := l.c.filter.Emit(w, l.c.sinks)
	if err == redact.ErrStaleWriter {
		return err // nothing was written; ev may be gone with the writer
	}
	if res.Total() > 0 {
		l.c.count(ev, res)
	}
	if err == nil {
		if ev.Severity == eventspec.Error {
			meters.ErrorsRaised.Inc(code)
		}
		return nil
	}
	var iv *redact.InvariantViolation
	switch {
	case errors.As(err, &iv):
		l.writeViolation(ctx, iv)
		return iv
	case errors.Is(err, redact.ErrForeignEvent):
		return err
	case err != nil:
		l.c.writeFailed(err)
	}
	if ev.Severity == eventspec.Error {
		meters.ErrorsRaised.Inc(code)
	}
	return err
}

// count adds the record's drops to geno_lewm.observability.redacted_keys.
func (c *core) count(ev *eventspec.Event, res redact.Result) {
	for rule, n := range res.Dropped {
		if n > 0 {
			meters.ObservabilityRedactedKeys.Add(ev.ID, meters.ObservabilityRedactedKeysRule(rule), uint64(n))
		}
	}
}

// writeFailed counts a sink failure and reports the first one.
func (c *core) writeFailed(err error) {
	c.writeErrors.Add(1)
	if c.diag != nil && c.reported.CompareAndSwap(false, true) {
		fmt.Fprintf(c.diag, "genolewm/obs: log sink write failed: %v (further failures are counted, not reported)\n", err)
	}
}

// WriteErrors is the number of records some sink failed to write,
// including failures a queued sink met after the call returned.
func (l Logger) WriteErrors() uint64 {
	if l.c == nil {
		return 0
	}
	return l.c.writeErrors.Load()
}

// Close stops the logger and closes its sinks, flushing and syncing them.
// Records logged after Close are discarded.
func (l Logger) Close() error {
	if l.c == nil || !l.c.closed.CompareAndSwap(false, true) {
		return nil
	}
	var errs []error
	for _, s := range l.c.sinks {
		if cl, ok := s.(io.Closer); ok {
			errs = append(errs, cl.Close())
		}
	}
	return errors.Join(errs...)
}
