// Package otlptable reads the rules of a compiled, sealed registry (a
// generated events.Registry()) for enforcement on OTLP traffic: the
// registry-enforcing Collector processor (tools/registryprocessor) applies
// the same tables as the Go redaction filter, from the same generated
// code, so that there is one source of truth for every language.
//
// It only reads, through the registry's accessors, and returns a fresh
// copy: nothing it returns can change what the registry, or the filter
// built over it, allows. The table is internal/otlprules' Table, which
// only code of this repository can name.
package otlptable

import (
	"errors"

	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// Of returns the OTLP rule table of reg, the value of a generated
// package's Registry(); a registry that was refused when compiling (its
// Err is set) is refused here too.
func Of(reg *schema.Registry) (*otlprules.Table, error) {
	spec, err := SpecOf(reg)
	if err != nil {
		return nil, err
	}
	return otlprules.Compile(spec)
}

// SpecOf reads reg's rules as plain data.
func SpecOf(reg *schema.Registry) (*otlprules.Spec, error) {
	if reg == nil {
		return nil, errors.New("otlptable: no registry; pass the generated events.Registry()")
	}
	if err := reg.Err(); err != nil {
		return nil, err
	}
	spec := &otlprules.Spec{Version: reg.Version(), CoreVersion: reg.CoreVersion(), DenyKeys: reg.DenyKeys()}
	for c := 1; c <= reg.NumCodes(); c++ {
		spec.Codes = append(spec.Codes, reg.CodeName(schema.ErrorCode(c)))
	}
	for i := 0; i < reg.NumEvents(); i++ {
		ev := reg.Event(schema.EventID(i))
		es := otlprules.EventSpec{Name: ev.Name(), Severity: otlprules.Severity(ev.Severity())}
		for j := 0; j < ev.NumFields(); j++ {
			es.Fields = append(es.Fields, fieldSpec(ev.Field(j)))
		}
		for _, c := range ev.Codes() {
			es.Codes = append(es.Codes, reg.CodeName(c))
		}
		spec.Events = append(spec.Events, es)
	}
	for _, s := range schema.Spans(reg) {
		ss := otlprules.SpanSpec{Name: s.Name}
		if s.Event != nil {
			ss.Event = s.Event.Name()
		}
		for _, f := range s.Fields {
			ss.Fields = append(ss.Fields, fieldSpec(f))
		}
		spec.Spans = append(spec.Spans, ss)
	}
	for _, f := range schema.Families(reg) {
		d := f.Desc()
		ms := otlprules.MetricSpec{Name: d.Name, Kind: metricKinds[d.Kind], Unit: d.UCUM, Buckets: append([]float64(nil), d.Buckets...)}
		for _, l := range d.Labels {
			ms.Labels = append(ms.Labels, otlprules.LabelSpec{Name: l.Name, Values: append([]string(nil), l.Values...)})
		}
		spec.Metrics = append(spec.Metrics, ms)
	}
	return spec, nil
}

var metricKinds = map[metric.Kind]otlprules.MetricKind{
	metric.CounterKind: otlprules.Counter, metric.GaugeKind: otlprules.Gauge, metric.HistogramKind: otlprules.Histogram,
}

// fieldSpec copies a field; the kinds are numbered alike (the tests hold
// them so).
func fieldSpec(f schema.Field) otlprules.FieldSpec {
	return otlprules.FieldSpec{Name: f.Name, Kind: otlprules.Kind(f.Kind), Required: f.Required, Values: append([]string(nil), f.Values...)}
}
