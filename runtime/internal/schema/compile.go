package schema

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/runtime/internal/metric"
)

// maxFields bounds an event's keys: the filter tracks written keys in one
// 64-bit mask (the registry enforces the same bound).
const maxFields = 64

// maxLabels bounds a metric's labels, as the generated handles do.
const maxLabels = 3

// regenerate is the remedy for a Spec the runtime cannot accept: it was
// written by another obsgen, or by hand.
const regenerate = "regenerate the package with the obsgen of the runtime version in use (go generate)"

// Compile checks spec and returns the sealed registry it describes. core
// is the runtime's own core registry: every core item must be in spec,
// unchanged. A refused spec gives a registry whose Err says why; such a
// registry owns no event, so nothing can be logged through it.
func Compile(spec, core *Spec) *Registry {
	r, err := compile(spec, core)
	if err != nil {
		return &Registry{err: fmt.Errorf("schema: the compiled registry is invalid: %w; %s", err, regenerate)}
	}
	return r
}

func compile(spec, core *Spec) (*Registry, error) {
	if spec == nil {
		return nil, errors.New("no registry")
	}
	r := &Registry{
		version:     spec.Version,
		coreVersion: spec.CoreVersion,
		byName:      map[string]*Event{},
		codes:       append([]string{""}, spec.Codes...),
		deny:        map[string]bool{},
	}
	if core != nil && spec.CoreVersion != core.Version {
		return nil, fmt.Errorf("it merges core registry %q, the runtime has %q", spec.CoreVersion, core.Version)
	}
	if err := r.compileCodes(); err != nil {
		return nil, err
	}
	if err := r.compileDeny(spec.DenyKeys); err != nil {
		return nil, err
	}
	if err := r.compileEvents(spec.Events); err != nil {
		return nil, err
	}
	views, err := r.compileMetrics(spec.Metrics)
	if err != nil {
		return nil, err
	}
	if core != nil {
		if err := r.checkCore(spec, core); err != nil {
			return nil, err
		}
	}
	if err := r.bindRuntimeMetrics(); err != nil {
		return nil, err
	}
	deriveSpans(r, views)
	return r, nil
}

func (r *Registry) compileCodes() error {
	if len(r.codes) > math.MaxUint16 {
		return errors.New("too many error codes")
	}
	seen := map[string]bool{}
	for i, c := range r.codes[1:] {
		if !codeName(c) || seen[c] {
			return fmt.Errorf("error code %d is not a unique Class.Reason name", i+1)
		}
		seen[c] = true
	}
	return nil
}

func (r *Registry) compileDeny(keys []string) error {
	for i, k := range keys {
		if !plainName(k, false) || r.deny[k] {
			return fmt.Errorf("deny key %d is not a unique snake_case name", i)
		}
		r.deny[k] = true
		r.denyList = append(r.denyList, k)
	}
	return nil
}

func (r *Registry) compileEvents(specs []EventSpec) error {
	if len(specs) == 0 || len(specs) > math.MaxUint16 {
		return errors.New("the number of events is out of range")
	}
	r.events = make([]Event, len(specs))
	for i := range specs {
		s := &specs[i]
		ev := &r.events[i]
		*ev = Event{reg: r, id: EventID(i), name: s.Name, severity: s.Severity,
			sampling: s.Sampling, oneIn: s.OneIn,
			fields: cloneFields(s.Fields), codes: slices.Clone(s.Codes)}
		if !plainName(ev.name, true) || r.byName[ev.name] != nil {
			return fmt.Errorf("event %d: the name is not a unique dotted-lowercase name", i)
		}
		r.byName[ev.name] = ev
		if err := r.checkEvent(ev); err != nil {
			return fmt.Errorf("event %s: %w", ev.name, err)
		}
		if err := ev.compileWandB(s); err != nil {
			return fmt.Errorf("event %s: %w", ev.name, err)
		}
	}
	return nil
}

func (r *Registry) checkEvent(ev *Event) error {
	if ev.severity < Debug || ev.severity > Error {
		return errors.New("unknown severity")
	}
	switch ev.sampling {
	case Unsampled, EveryLogEvery:
		if ev.oneIn != 0 {
			return errors.New("one_in is set without the one_in rule")
		}
	case OneIn:
		if ev.oneIn < 2 {
			return errors.New("one_in must be at least 2")
		}
	default:
		return errors.New("unknown sampling rule")
	}
	if len(ev.fields) > maxFields {
		return fmt.Errorf("%d keys; at most %d", len(ev.fields), maxFields)
	}
	for j, f := range ev.fields {
		if !plainName(f.Name, false) || ev.FieldIndex(f.Name) != j {
			return fmt.Errorf("key %d is not a unique snake_case name", j)
		}
		if r.Denied(f.Name) {
			return fmt.Errorf("key %s is on the deny list", f.Name)
		}
		if f.Kind < Int || f.Kind > BoolMap {
			return fmt.Errorf("key %s has an unknown type", f.Name)
		}
		if f.Required {
			ev.required |= 1 << uint(j)
		}
		if err := checkValues(&f); err != nil {
			return fmt.Errorf("key %s: %w", f.Name, err)
		}
	}
	if (ev.severity == Error) != (len(ev.codes) > 0) {
		return errors.New("error codes are required on error events and only there")
	}
	for _, c := range ev.codes {
		if c == 0 || int(c) >= len(r.codes) {
			return errors.New("an error code is not registered")
		}
	}
	return nil
}

func cloneFields(fs []Field) []Field {
	if fs == nil {
		return nil
	}
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = f.clone()
	}
	return out
}

// maxValues bounds a categorical key's value set, as the registry does.
const maxValues = 64

// checkValues checks a key's value set: only on string and list[string]
// keys, not empty, unique plain lowercase words without DNA.
func checkValues(f *Field) error {
	if f.Values == nil {
		return nil
	}
	if f.Kind != String && f.Kind != StringList {
		return errors.New("a value set on a key that is not string or list[string]")
	}
	if len(f.Values) == 0 || len(f.Values) > maxValues {
		return errors.New("the value set is empty or too large")
	}
	for i, v := range f.Values {
		if !plainName(v, false) || len(v) > 64 || slices.Index(f.Values, v) != i {
			return fmt.Errorf("value %d is not a unique plain lowercase word", i)
		}
	}
	return nil
}

func (r *Registry) compileMetrics(specs []metric.Desc) ([]metricSpecView, error) {
	seen := map[string]bool{}
	views := make([]metricSpecView, 0, len(specs))
	for i := range specs {
		d := cloneDesc(&specs[i])
		if !plainName(d.Name, true) || seen[d.Name] {
			return nil, fmt.Errorf("metric %d: the name is not a unique dotted-lowercase name", i)
		}
		if !promName(d.PromName) || seen["prom:"+d.PromName] {
			return nil, fmt.Errorf("metric %s: the Prometheus name is invalid or not unique", d.Name)
		}
		seen[d.Name], seen["prom:"+d.PromName] = true, true
		if err := checkDesc(d); err != nil {
			return nil, fmt.Errorf("metric %s: %w", d.Name, err)
		}
		r.families = append(r.families, metric.NewFamily(d))
		views = append(views, metricSpecView{name: d.Name, unit: d.Unit, histogram: d.Kind == metric.HistogramKind})
	}
	return views, nil
}

func cloneDesc(d *metric.Desc) *metric.Desc {
	c := *d
	c.Buckets = slices.Clone(d.Buckets)
	c.Labels = make([]metric.Label, len(d.Labels))
	for i, l := range d.Labels {
		c.Labels[i] = metric.Label{Name: l.Name, Values: slices.Clone(l.Values)}
	}
	return &c
}

func checkDesc(d *metric.Desc) error {
	if d.Kind < metric.CounterKind || d.Kind > metric.HistogramKind {
		return errors.New("unknown kind")
	}
	if !(d.Divisor > 0) || math.IsInf(d.Divisor, 0) {
		return errors.New("the unit divisor must be a positive finite number")
	}
	if dna.Has(d.Help) || dna.Has(d.Unit) || dna.Has(d.UCUM) || dna.Has(d.Deprecated) {
		return errors.New("its text holds a DNA run")
	}
	if d.WandB != WandBNone && d.WandB != WandBHistory && d.WandB != WandBSummary {
		return errors.New("the W&B role of a metric is history or summary")
	}
	if (d.Kind == metric.HistogramKind) != (len(d.Buckets) > 0) {
		return errors.New("buckets are required on histograms and only there")
	}
	for i, b := range d.Buckets {
		if math.IsNaN(b) || math.IsInf(b, 0) || i > 0 && b <= d.Buckets[i-1] {
			return errors.New("buckets must be finite and strictly increasing")
		}
	}
	if len(d.Labels) > maxLabels {
		return fmt.Errorf("%d labels; at most %d", len(d.Labels), maxLabels)
	}
	series := 1
	for i, l := range d.Labels {
		if !plainName(l.Name, false) || l.Name == "le" || l.Name == "quantile" {
			return fmt.Errorf("label %d has an invalid name", i)
		}
		for j := range i {
			if d.Labels[j].Name == l.Name {
				return fmt.Errorf("label %s appears twice", l.Name)
			}
		}
		if len(l.Values) == 0 {
			return fmt.Errorf("label %s has no values", l.Name)
		}
		for j, v := range l.Values {
			if !labelValue(v) || slices.Index(l.Values, v) != j {
				return fmt.Errorf("label %s: value %d is not a unique plain value", l.Name, j)
			}
		}
		series *= len(l.Values)
		if series > 1<<16 {
			return errors.New("too many series")
		}
	}
	return nil
}

// bindRuntimeMetrics locates the runtime's own counters and checks that
// their label sets are the ones the runtime indexes: every event by id and
// every rule for redacted_keys, every code for errors.raised, every
// reason for dropped. Every family then counts its refused updates into
// dropped, so that they are exported.
func (r *Registry) bindRuntimeMetrics() error {
	var haveRedacted, haveErrors, haveDropped bool
	for _, f := range r.families {
		d := f.Desc()
		switch d.Name {
		case RedactedKeysMetric:
			names := make([]string, len(r.events))
			for i := range r.events {
				names[i] = r.events[i].name
			}
			if !labelsAre(d, metric.CounterKind, "event", names, "rule", RuleNames[:]) {
				return fmt.Errorf("%s must be a counter labelled by every event and every rule", d.Name)
			}
			r.redactedKeys, haveRedacted = f.Counters(), true
		case ErrorsRaisedMetric:
			if !labelsAre(d, metric.CounterKind, "code", r.codes[1:]) {
				return fmt.Errorf("%s must be a counter labelled by every error code", d.Name)
			}
			r.errorsRaised, haveErrors = f.Counters(), true
		case DroppedMetric:
			if !labelsAre(d, metric.CounterKind, "reason", DropReasonNames[:]) {
				return fmt.Errorf("%s must be a counter labelled by every drop reason", d.Name)
			}
			r.dropped, haveDropped = f.Counters(), true
		case PeakRSSMetric:
			if d.Kind != metric.GaugeKind || len(d.Labels) != 0 {
				return fmt.Errorf("%s must be an unlabelled gauge", d.Name)
			}
			r.peakRSS = f.Gauge(0)
		}
	}
	if !haveRedacted || !haveErrors || !haveDropped {
		return fmt.Errorf("the registry must hold %s, %s and %s", RedactedKeysMetric, ErrorsRaisedMetric, DroppedMetric)
	}
	labelValue, observation := r.dropped.At(int(DropLabelValue)), r.dropped.At(int(DropObservation))
	for _, f := range r.families {
		f.CountDrops(labelValue, observation)
	}
	return nil
}

// labelsAre reports whether d has kind k and exactly the labels given as
// name, values pairs.
func labelsAre(d *metric.Desc, k metric.Kind, pairs ...any) bool {
	if d.Kind != k || len(d.Labels)*2 != len(pairs) {
		return false
	}
	for i, l := range d.Labels {
		if l.Name != pairs[2*i].(string) || !slices.Equal(l.Values, pairs[2*i+1].([]string)) {
			return false
		}
	}
	return true
}

// checkCore checks that every item of the core registry is in spec as the
// runtime has it: a module can add events, codes, keys and metrics, but
// never weaken what the runtime owns.
func (r *Registry) checkCore(spec, core *Spec) error {
	for _, k := range core.DenyKeys {
		if !r.deny[k] {
			return fmt.Errorf("core deny key %s is missing", k)
		}
	}
	for _, c := range core.Codes {
		if r.Code(c) == 0 {
			return fmt.Errorf("core error code %s is missing", c)
		}
	}
	for _, ce := range core.Events {
		ev := r.byName[ce.Name]
		if ev == nil || ev.severity != ce.Severity || ev.sampling != ce.Sampling ||
			ev.oneIn != ce.OneIn || !slices.EqualFunc(ev.fields, ce.Fields, func(a, b Field) bool { return a.equal(&b) }) ||
			!ev.sameWandB(&ce) {
			return fmt.Errorf("core event %s is missing or changed", ce.Name)
		}
		for _, c := range ce.Codes {
			if !ev.AllowsCode(r.Code(core.Codes[c-1])) {
				return fmt.Errorf("core event %s lost code %s", ce.Name, core.Codes[c-1])
			}
		}
	}
	for i := range core.Metrics {
		cm := &core.Metrics[i]
		j := slices.IndexFunc(spec.Metrics, func(m metric.Desc) bool { return m.Name == cm.Name })
		if j < 0 || !sameMetric(&spec.Metrics[j], cm) {
			return fmt.Errorf("core metric %s is missing or changed", cm.Name)
		}
	}
	return nil
}

// sameMetric compares two descriptors; label values are compared only for
// labels whose values are not derived from the module (the runtime's own
// counters label by every event and code).
func sameMetric(a, b *metric.Desc) bool {
	if a.PromName != b.PromName || a.Kind != b.Kind || a.Unit != b.Unit || a.UCUM != b.UCUM || a.WandB != b.WandB ||
		a.Divisor != b.Divisor || !slices.Equal(a.Buckets, b.Buckets) || len(a.Labels) != len(b.Labels) {
		return false
	}
	for i := range a.Labels {
		if a.Labels[i].Name != b.Labels[i].Name {
			return false
		}
		derived := a.Labels[i].Name == "event" || a.Labels[i].Name == "code"
		if !derived && !slices.Equal(a.Labels[i].Values, b.Labels[i].Values) {
			return false
		}
	}
	return true
}
