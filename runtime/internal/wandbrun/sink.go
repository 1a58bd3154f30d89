package wandbrun

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/sink"
)

// Options configure a run.
type Options struct {
	// Registry is the logger's compiled registry: its wandb marks say what
	// is forwarded.
	Registry *schema.Registry
	// Dir is WANDB_DIR: the run goes to Dir/wandb/offline-run-.../.
	// Empty means the current folder, as for the W&B client.
	Dir string
	// Project (required), Entity (optional) and Name, the display name,
	// go into the run record. ID is the W&B run id; it must pass CheckID.
	Project, Entity, ID, Name string
	// Timeout bounds every wait (sink.DefaultTimeout when zero).
	Timeout time.Duration
	// Note receives one-time reports of what the run left out (a record
	// at an earlier step, too many distinct names); nil discards them.
	// Notes never quote a value.
	Note func(string)
	// Now replaces time.Now, for tests.
	Now func() time.Time
	// Step, when set, returns the program's latest step (Session.SetStep):
	// a history record without a step of its own joins the row of that
	// step when it is later than the row being built.
	Step func() (int64, bool)
}

// maxNamed bounds the distinct items named by records' values (the
// metric names of training.metric, say), so that a loop that logs
// ever-new names cannot grow the run without bound.
const maxNamed = 1024

// Sink writes a W&B offline run. It is a filter.Sink: the logger hands it
// every record after the redaction filter, and it keeps only what the
// registry marks for W&B. It is safe for concurrent use.
type Sink struct {
	lay     layout
	plans   []eventPlan
	history []*metricPlan
	summary []*metricPlan
	w       *writer
	timeout time.Duration
	now     func() time.Time
	note    func(string)
	step    func() (int64, bool)
	start   time.Time
	rep     atomic.Pointer[sink.Reporter]

	exitCode atomic.Int32

	mu      sync.Mutex
	closed  bool
	num     int64 // records written, for Record.num
	row     row
	hasRow  bool
	sum     itemSet // the summary so far
	last    itemSet // the last value of every history item
	named   map[string]bool
	noted   map[string]bool
	buf     []byte
	scratch []item // a record's items
	rowBuf  []item // a row's items
	meta    [3][]byte
}

// row is the history row being built: one per step.
type row struct {
	step  int64
	at    time.Time
	items itemSet
}

// itemSet is a set of items in the order first set, later values
// replacing earlier ones.
type itemSet struct {
	idx   map[string]int
	items []item
}

func (s *itemSet) set(name string, v []byte) {
	if s.idx == nil {
		s.idx = map[string]int{}
	}
	if i, ok := s.idx[name]; ok {
		s.items[i].value = append(s.items[i].value[:0], v...)
		return
	}
	s.idx[name] = len(s.items)
	if n := len(s.items); n < cap(s.items) {
		// A slot of an earlier row: reuse its value's buffer.
		s.items = s.items[:n+1]
		s.items[n].name, s.items[n].value = name, append(s.items[n].value[:0], v...)
		return
	}
	s.items = append(s.items, item{name: name, value: append([]byte(nil), v...)})
}

func (s *itemSet) reset() {
	clear(s.idx)
	s.items = s.items[:0]
}

// Open creates the run's folder and .wandb file and writes the header and
// the run record, so that from the start the file is a run `wandb sync`
// accepts (a crash before Close leaves it without an exit record, which
// `wandb sync` marks failed).
func Open(o Options) (*Sink, error) {
	if o.Registry == nil || o.Registry.Err() != nil {
		return nil, errors.New("wandbrun: no valid registry")
	}
	if o.Project == "" {
		return nil, errors.New("wandbrun: no project; give -wandb-project NAME")
	}
	if err := CheckID(o.ID); err != nil {
		return nil, fmt.Errorf("wandbrun: the W&B run id %w", err)
	}
	if o.Dir == "" {
		o.Dir = "."
	}
	if o.Timeout <= 0 {
		o.Timeout = sink.DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Note == nil {
		o.Note = func(string) {}
	}
	if o.Step == nil {
		o.Step = func() (int64, bool) { return 0, false }
	}
	start := o.Now()
	s := &Sink{lay: runLayout(o.Dir, o.ID, start), plans: planEvents(o.Registry), timeout: o.Timeout,
		now: o.Now, note: o.Note, step: o.Step, start: start, named: map[string]bool{}, noted: map[string]bool{}}
	s.history, s.summary = planMetrics(o.Registry)
	f, err := s.lay.create()
	if err != nil {
		return nil, err
	}
	head := appendFileHeader(nil)
	if _, err := f.Write(head); err != nil {
		f.Close()
		_ = os.RemoveAll(s.lay.dir)
		return nil, fmt.Errorf("wandbrun: writing %s: %w", s.lay.path, err)
	}
	s.w = newWriter(f, int64(len(head)), o.Timeout, s.dropped)
	s.num++
	if err := s.w.put(appendHeader(nil, s.num)); err != nil {
		return nil, err
	}
	s.num++
	info := runInfo{id: o.ID, entity: o.Entity, project: o.Project, name: o.Name, start: start}
	if err := s.w.put(appendRun(nil, s.num, &info)); err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the run's .wandb file; Dir its offline-run folder, what
// `wandb sync` takes.
func (s *Sink) Path() string { return s.lay.path }
func (s *Sink) Dir() string  { return s.lay.dir }

// SetReporter sets who is told about records lost to a stalled or failing
// disk (the logger: they are counted in geno_lewm.observability.dropped).
func (s *Sink) SetReporter(r sink.Reporter) { s.rep.Store(&r) }

func (s *Sink) dropped(why schema.DropReason, n uint64, cause error) {
	if r := s.rep.Load(); r != nil && n > 0 {
		(*r).Dropped(why, n, cause)
	}
}

// SetExitCode sets the exit code of the run's exit record (0 unless set):
// 0 shows the run finished, any other value failed.
func (s *Sink) SetExitCode(code int) {
	if code < -1<<31 || code > 1<<31-1 {
		code = 1
	}
	s.exitCode.Store(int32(code))
}

// noteOnce reports what about once per run.
func (s *Sink) noteOnce(what string) {
	if !s.noted[what] {
		s.noted[what] = true
		s.note("W&B run: " + what)
	}
}

// record is the part of a filtered record the sink reads, as slices of
// the record (valid during WriteRecord only).
type record struct {
	step    int64
	hasStep bool
	data    []byte
}

// value returns the raw value of data key k.
func (r *record) value(k string) ([]byte, bool) {
	var v []byte
	found := false
	walkObject(r.data, func(key, val []byte) bool {
		if string(key) == k {
			v, found = val, true
			return false
		}
		return true
	})
	return v, found
}

// WriteRecord forwards what the registry marks of r. Records of unmarked
// events cost a table lookup.
func (s *Sink) WriteRecord(r *filter.Record) error {
	id := int(r.Event().ID())
	if id >= len(s.plans) || s.plans[id].role == schema.WandBNone || s.plans[id].event != r.Event().Name() {
		return nil
	}
	p := &s.plans[id]
	rec := record{data: r.Data()}
	rec.step, rec.hasStep = recordStep(r.Bytes())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	items, ok := s.items(p, &rec)
	if !ok {
		return nil
	}
	switch p.role {
	case schema.WandBHistory:
		return s.toHistory(&rec, items)
	case schema.WandBSummary:
		for i := range items {
			s.sum.set(items[i].name, items[i].value)
		}
		return s.writeSummary()
	case schema.WandBConfig:
		s.num++
		s.buf = appendUpdate(s.buf[:0], s.num, recConfig, items)
		return s.w.put(s.buf)
	}
	return nil
}

// items are the forwarded items of rec, in registry order; false when
// the record names its items by a value that cannot be a name, or one
// past the bound of distinct names.
func (s *Sink) items(p *eventPlan, rec *record) ([]item, bool) {
	keyVal := ""
	if p.key != "" {
		raw, _ := rec.value(p.key)
		v, ok := nameValue(raw)
		if !ok {
			s.noteOnce(p.event + " records whose " + p.key + " cannot name a W&B item (empty, over 128 bytes or with control characters) were left out")
			return nil, false
		}
		keyVal = v
	}
	out := s.scratch[:0]
	for i := range p.fields {
		f := &p.fields[i]
		raw, ok := rec.value(f.key)
		if !ok {
			continue // an optional key the record does not carry
		}
		v, ok := valueJSON(f.kind, raw)
		if !ok {
			continue
		}
		name := p.itemName(f, keyVal)
		if p.key != "" && !s.named[name] {
			if len(s.named) >= maxNamed {
				s.noteOnce(fmt.Sprintf("%s named more than %d distinct items; records with new names were left out", p.event, maxNamed))
				continue
			}
			s.named[name] = true
		}
		out = append(out, item{name: name, value: v})
	}
	s.scratch = out
	return out, len(out) > 0
}

// toHistory puts items into the row of rec's step: a later step writes
// the row being built and starts the next, an earlier one is left out (a
// W&B run's steps only increase), a record without a step joins the row
// being built. Each row also reads the metrics marked for history.
func (s *Sink) toHistory(rec *record, items []item) error {
	var err error
	step := int64(0)
	switch {
	case rec.hasStep:
		step = rec.step
	case s.hasRow:
		step = s.row.step
	}
	if n, ok := s.step(); ok && !rec.hasStep && n > step {
		step = n
	}
	if s.hasRow && step < s.row.step {
		s.noteOnce("history records at a step earlier than the latest were left out (W&B steps only increase)")
		return nil
	}
	if s.hasRow && step > s.row.step {
		err = s.writeRow()
	}
	if !s.hasRow {
		s.row.step, s.hasRow = step, true
		s.row.items.reset()
	}
	for i := range items {
		s.row.items.set(items[i].name, items[i].value)
	}
	s.readMetrics()
	return err
}

// readMetrics reads the metrics marked for history into the row being
// built.
func (s *Sink) readMetrics() {
	for _, m := range s.history {
		var ok bool
		if s.buf, ok = m.appendValue(s.buf[:0], true); ok {
			s.row.items.set(m.desc.Name, s.buf)
		}
	}
	s.row.at = s.now()
}

// Step is called at the program's steps that the sampling rule keeps
// (Session.SetStep, every log_every steps): the marked metrics then make a
// row of their own, even when no history record is logged (training.step
// is a debug event), so the run charts the losses and collapse gauges at
// any log level. A step not later than the row being built adds its
// values to that row.
func (s *Sink) Step(n int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.hasRow && n < s.row.step {
		return nil
	}
	var err error
	if s.hasRow && n > s.row.step {
		err = s.writeRow()
	}
	if !s.hasRow {
		s.row.step, s.hasRow = n, true
		s.row.items.reset()
	}
	s.readMetrics()
	return err
}

// writeRow queues the row being built as a history record, with W&B's own
// _step, _runtime (seconds since the run started) and _timestamp (Unix
// seconds) items.
func (s *Sink) writeRow() error {
	s.hasRow = false
	if len(s.row.items.items) == 0 {
		return nil // only W&B's own items: no row
	}
	step := s.row.step
	m := &s.meta
	m[0] = strconv.AppendInt(m[0][:0], step, 10)
	m[1] = appendNumber(m[1][:0], s.row.at.Sub(s.start).Seconds())
	m[2] = appendNumber(m[2][:0], float64(s.row.at.UnixNano())/1e9)
	items := append(s.rowBuf[:0], item{name: "_step", value: m[0]}, item{name: "_runtime", value: m[1]}, item{name: "_timestamp", value: m[2]})
	items = append(items, s.row.items.items...)
	s.rowBuf = items[:0]
	for _, it := range s.row.items.items {
		s.last.set(it.name, it.value)
	}
	for _, m := range s.history {
		m.commitRow()
	}
	s.num++
	s.buf = appendHistory(s.buf[:0], s.num, step, items)
	return s.w.put(s.buf)
}

// writeSummary queues the whole summary so far: W&B's uploader replaces
// its summary with each record's, so every record carries all of it.
func (s *Sink) writeSummary() error {
	if len(s.sum.items) == 0 {
		return nil
	}
	s.num++
	s.buf = appendUpdate(s.buf[:0], s.num, recSummary, s.sum.items)
	return s.w.put(s.buf)
}

// Close writes the row being built, the final summary (the summary
// records' items, the last value of every history item, as W&B's own
// summary holds, and the metrics marked for the summary), the exit record
// with the exit code (SetExitCode) and the final record, then syncs and
// closes the file, within the timeout.
func (s *Sink) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var errs []error
	if s.hasRow {
		errs = append(errs, s.writeRow())
	}
	for _, it := range s.last.items {
		if _, ok := s.sum.idx[it.name]; !ok {
			s.sum.set(it.name, it.value)
		}
	}
	for _, m := range s.summary {
		var ok bool
		if s.buf, ok = m.appendValue(s.buf[:0], false); ok {
			s.sum.set(m.desc.Name, s.buf)
		}
	}
	errs = append(errs, s.writeSummary())
	runtime := s.now().Sub(s.start).Seconds()
	s.num++
	errs = append(errs, s.w.put(appendExit(s.buf[:0], s.num, s.exitCode.Load(), int32(min(runtime, 1<<31-1)))))
	s.num++
	errs = append(errs, s.w.put(appendFinal(s.buf[:0], s.num)))
	s.mu.Unlock()
	errs = append(errs, s.w.close(time.Now().Add(s.timeout), s.lay.dir))
	return errors.Join(errs...)
}

// Abort closes the file and removes the run's folder, for a Start that
// fails after Open: nothing half-made is left. A nil Sink does nothing.
func (s *Sink) Abort() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	_ = s.w.close(time.Now().Add(s.timeout), s.lay.dir)
	_ = os.RemoveAll(s.lay.dir)
}
