package observe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/runtime/internal/diag"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/sink"
)

// LoggerOptions configure a logger made by NewLogger. Start makes the
// session's logger from the configuration instead.
type LoggerOptions struct {
	// RunID names the run in every record; it must pass the run id rule
	// (see Config.RunID).
	RunID string
	// Level is the global threshold; records below it are not built.
	Level Severity
	// Strict makes the filter fail closed (GENO_LEWM_REDACTION_STRICT=1).
	Strict bool
	// LogEvery keeps one training.step record in LogEvery steps (default 100).
	LogEvery int64
	// Sinks receive every filtered record.
	Sinks []Sink
	// Diagnostics receives the logger's own one-time reports (write
	// failures, drops); nil discards them. Reports are queued and written
	// by a goroutine of their own, so that a stalled stderr never blocks
	// a logging call.
	Diagnostics io.Writer
	// MaxListLen, MaxMapSize and MaxRecordBytes are the filter's size
	// caps (Config.MaxListLen ...); zero means the default.
	MaxListLen, MaxMapSize, MaxRecordBytes int
	// WriteTimeout bounds the logger's own waits (flushing its reports
	// on Close); zero means the default, 2 s. Sinks have their own bound
	// (Start gives the file sink Config.WriteTimeout).
	WriteTimeout time.Duration
	// Rank, in a multi-process run, is written in every record (rank,
	// world_size, local_rank); the zero value is a single process.
	Rank Rank
	// Now replaces time.Now, for tests.
	Now func() time.Time
}

type core struct {
	reg      *schema.Registry
	filter   *filter.Filter
	sinks    []Sink
	level    Severity
	runID    string
	logEvery int64
	now      func() time.Time
	diag     *diag.Writer
	timeout  time.Duration
	// seen counts records per event for one_in sampling, one cache line
	// each: data.cache.hit and .miss are counted from every worker.
	seen []paddedCounter

	violation violationSpec
	notice    noticeSpec

	phaseMu sync.Mutex
	phases  atomic.Pointer[[]string]

	writeErrors atomic.Uint64
	reported    [schema.NumDropReasons]atomic.Bool
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

// NewLogger returns a logger that writes records of reg's events to
// opts.Sinks, through the redaction filter. Programs get theirs from
// Start; NewLogger is for tests and for programs that bring their own
// sinks. reg must be a registry that compiled without error.
func NewLogger(reg *Registry, opts LoggerOptions) (Logger, error) {
	if reg == nil {
		return Logger{}, errors.New("observe: no registry; pass the generated events.Registry()")
	}
	if err := reg.Err(); err != nil {
		return Logger{}, err
	}
	if err := checkRunID(opts.RunID); err != nil {
		return Logger{}, fmt.Errorf("observe: LoggerOptions.RunID %w", err)
	}
	if opts.Level == 0 {
		opts.Level = Info
	}
	if opts.Level < Debug || opts.Level > Error {
		return Logger{}, errors.New("observe: LoggerOptions.Level is not a severity; use observe.Debug, Info, Warn or Error")
	}
	if opts.LogEvery == 0 {
		opts.LogEvery = 100
	}
	if opts.LogEvery < 0 {
		return Logger{}, errors.New("observe: LoggerOptions.LogEvery is negative; use a whole number >= 1")
	}
	if err := opts.Rank.Check(); err != nil {
		return Logger{}, errors.New("observe: LoggerOptions.Rank: " + err.Error())
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.WriteTimeout == 0 {
		opts.WriteTimeout = sink.DefaultTimeout
	}
	v, err := lookupViolationSpec(reg)
	if err != nil {
		return Logger{}, err
	}
	n, err := lookupNoticeSpec(reg)
	if err != nil {
		return Logger{}, err
	}
	f, err := filter.NewFilter(reg, filter.Options{Strict: opts.Strict,
		MaxList: opts.MaxListLen, MaxMap: opts.MaxMapSize, MaxRecord: opts.MaxRecordBytes,
		Rank: filter.Rank(opts.Rank)})
	if err != nil {
		return Logger{}, fmt.Errorf("observe: %w", err)
	}
	c := &core{
		reg:       reg,
		filter:    f,
		sinks:     append([]Sink(nil), opts.Sinks...),
		level:     opts.Level,
		runID:     opts.RunID,
		logEvery:  opts.LogEvery,
		now:       opts.Now,
		diag:      diag.New(opts.Diagnostics),
		timeout:   opts.WriteTimeout,
		seen:      make([]paddedCounter, reg.NumEvents()),
		violation: v,
		notice:    n,
	}
	// Sinks that write on their own goroutine report losses back here,
	// so that every one is counted and the first of each kind reported.
	for _, s := range c.sinks {
		if a, ok := s.(interface{ SetReporter(sink.Reporter) }); ok {
			a.SetReporter(c)
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
// run: derive the phase logger once, not per record. A phase must pass the
// phase rule (1 to 64 letters, digits, '.', '_' or '-', and no DNA run); a
// logger interns at most 1024 distinct phases. Records of a phase that
// breaks the rule, or of further phases, carry no phase.
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
	if !validPhase(phase) {
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
func (l Logger) Allows(sev Severity) bool { return l.c != nil && sev >= l.c.level }

// sampled reports whether this record of ev is kept. Nothing at warn or
// above is ever sampled out.
func (l Logger) sampled(ev *schema.Event) bool {
	if ev.Severity() >= Warn {
		return true
	}
	switch rule, n := ev.Sampling(); rule {
	case schema.EveryLogEvery:
		return l.bits&hasStep == 0 || l.step%l.c.logEvery == 0
	case schema.OneIn:
		if id := ev.ID(); int(id) < len(l.c.seen) && n > 1 {
			return (l.c.seen[id].n.Add(1)-1)%uint64(n) == 0
		}
	}
	return true
}

// Begin starts a record of ev, or returns nil when the record is below the
// threshold or sampled out. It is for generated code (an event's Log
// method calls it): ev must be an event of the logger's own registry, and
// every value written goes through the filter, so a caller can only ever
// write what the registry allows.
func (l Logger) Begin(ctx context.Context, ev *schema.Event, code schema.ErrorCode) *filter.DataWriter {
	if l.c == nil || ev == nil {
		return nil
	}
	return l.begin(ctx, ev, code)
}

func (l Logger) begin(ctx context.Context, ev *schema.Event, code schema.ErrorCode) *filter.DataWriter {
	if ev.Severity() < l.c.level || l.c.closed.Load() || !l.sampled(ev) {
		return nil
	}
	var h filter.Header
	l.header(ctx, &h)
	return l.c.filter.Begin(ev, code, &h)
}

func (l Logger) header(ctx context.Context, h *filter.Header) {
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

// Commit filters and writes a record started by Begin (for generated
// code). It returns an *InvariantViolation when redaction refused the record (a
// sanitized error record was written instead), or the write errors of
// sinks that write in the call (counted and reported once; logging goes
// on). The file sink writes on its own goroutine: its failures are counted
// and reported the same way, but not returned here.
func (l Logger) Commit(ctx context.Context, w *filter.DataWriter) error {
	if w == nil {
		return nil
	}
	if l.c == nil {
		return nil
	}
	ev := w.Event()
	code := w.Code()
	res, err := l.c.filter.Emit(w, l.c.sinks)
	if err == filter.ErrStaleWriter || err == filter.ErrForeignEvent {
		return err // nothing was written, and nothing to count
	}
	if res.Total() > 0 {
		l.c.count(ev, res)
	}
	if err == nil {
		if ev.Severity() == Error {
			schema.CountError(l.c.reg, code)
		}
		return nil
	}
	// Declared only past the clean path: &iv escapes, and the allocation
	// happens where the variable is declared.
	var iv *filter.InvariantViolation
	if errors.As(err, &iv) {
		schema.CountDropped(l.c.reg, schema.DropRecordRefused, 1)
		l.writeViolation(ctx, iv)
		return iv
	}
	if !errors.Is(err, sink.ErrTimeout) { // the file sink counted and reported it
		l.c.writeFailed(err)
	}
	if ev.Severity() == Error {
		schema.CountError(l.c.reg, code)
	}
	return err
}

// count adds the record's drops to geno_lewm.observability.redacted_keys.
func (c *core) count(ev *schema.Event, res filter.Result) {
	for rule, n := range res.Dropped {
		if n > 0 {
			schema.CountRedacted(c.reg, ev.ID(), rule, uint64(n))
		}
	}
}

// writeFailed counts a failure of a sink that writes in the call.
func (c *core) writeFailed(err error) { c.Dropped(schema.DropWriteError, 1, err) }

// WriteErrors is the number of records some sink failed to write,
// including failures a queued sink met after the call returned.
func (l Logger) WriteErrors() uint64 {
	if l.c == nil {
		return 0
	}
	return l.c.writeErrors.Load()
}

// Close stops the logger and closes its sinks, flushing and syncing them,
// each within its write timeout. Records logged after Close are discarded.
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
	l.c.diag.Flush(l.c.timeout)
	return errors.Join(errs...)
}
