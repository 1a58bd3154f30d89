package schema_test

import (
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/registry"
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// TestCompiledMatchesYAML checks this repository's compiled registry
// against the YAML (merged with the core), event by event, key by key and
// metric by metric: what the generator wrote is what the runtime enforces.
func TestCompiledMatchesYAML(t *testing.T) {
	r, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	reg := events.Registry()
	if err := reg.Err(); err != nil {
		t.Fatal(err)
	}
	if reg.Version() != r.Version || reg.CoreVersion() != r.CoreVersion || reg.NumEvents() != len(r.Events) {
		t.Fatalf("compiled: version %s, core %s, %d events; registry %s, %s, %d",
			reg.Version(), reg.CoreVersion(), reg.NumEvents(), r.Version, r.CoreVersion, len(r.Events))
	}
	for i, want := range r.Events {
		got := reg.Event(schema.EventID(i))
		if got.Name() != want.Name || got.Severity().String() != want.Severity || reg.Lookup(want.Name) != got {
			t.Errorf("event %d: got %s/%s, want %s/%s", i, got.Name(), got.Severity(), want.Name, want.Severity)
		}
		if got.NumFields() != len(want.Fields) {
			t.Fatalf("event %s: %d keys, registry %d", want.Name, got.NumFields(), len(want.Fields))
		}
		for j, wf := range want.Fields {
			gf := got.Field(j)
			if gf.Name != wf.Name || gf.Kind.String() != wf.T.String() || gf.Unit != wf.Unit || gf.Required != wf.Required {
				t.Errorf("event %s key %d: got %+v, want %s %s unit %q required %v", want.Name, j, gf, wf.Name, wf.T, wf.Unit, wf.Required)
			}
		}
		codes := got.Codes()
		if len(codes) != len(want.ErrorCodes) {
			t.Errorf("event %s: %d codes, registry %v", want.Name, len(codes), want.ErrorCodes)
		}
		for j, c := range want.ErrorCodes {
			if j < len(codes) && reg.CodeName(codes[j]) != c.Value {
				t.Errorf("event %s: code %d is %s, registry %s", want.Name, j, reg.CodeName(codes[j]), c.Value)
			}
		}
		rule, n := got.Sampling()
		switch {
		case want.Sampling == nil && rule != schema.Unsampled,
			want.Sampling != nil && want.Sampling.Every != "" && rule != schema.EveryLogEvery,
			want.Sampling != nil && want.Sampling.OneIn > 0 && (rule != schema.OneIn || int(n) != want.Sampling.OneIn):
			t.Errorf("event %s: sampling %v/%d does not match the registry", want.Name, rule, n)
		}
	}
	for i, c := range r.ErrorCodes {
		if reg.CodeName(schema.ErrorCode(i+1)) != c.Code || reg.Code(c.Code) != schema.ErrorCode(i+1) {
			t.Errorf("error code %d: compiled %s, registry %s", i+1, reg.CodeName(schema.ErrorCode(i+1)), c.Code)
		}
	}
	if got := reg.DenyKeys(); len(got) != len(r.DenyKeys) {
		t.Errorf("deny list has %d keys, registry %d", len(got), len(r.DenyKeys))
	}
	for _, k := range r.DenyKeys {
		if !reg.Denied(k.Value) {
			t.Errorf("%s missing from the compiled deny list", k.Value)
		}
	}
	fams := schema.Families(reg)
	if len(fams) != len(r.Metrics) {
		t.Fatalf("%d families, registry %d metrics", len(fams), len(r.Metrics))
	}
	for i, want := range r.Metrics {
		d := fams[i].Desc()
		if d.Name != want.Name || d.PromName != want.PromName || d.Kind.String() != want.Kind || d.Unit != want.Unit || d.UCUM != want.U.UCUM || d.Help != want.Description {
			t.Errorf("metric %s: got %+v", want.Name, d)
		}
		if len(d.Buckets) != len(want.Buckets) {
			t.Errorf("metric %s: %d buckets, registry %d", want.Name, len(d.Buckets), len(want.Buckets))
		}
		for j := range want.Buckets {
			if j < len(d.Buckets) && d.Buckets[j] != want.Buckets[j] {
				t.Errorf("metric %s bucket %d: %v, registry %v", want.Name, j, d.Buckets[j], want.Buckets[j])
			}
		}
		if len(d.Labels) != len(want.Labels) {
			t.Fatalf("metric %s: %d labels, registry %d", want.Name, len(d.Labels), len(want.Labels))
		}
		for j, l := range want.Labels {
			if d.Labels[j].Name != l.Name || len(d.Labels[j].Values) != len(l.Resolved) {
				t.Errorf("metric %s label %s: got %+v, want values %v", want.Name, l.Name, d.Labels[j], l.Resolved)
			}
		}
	}
}

// TestLabelledHandles checks that typed label values reach the right
// series and that an out-of-set value is dropped, not a new series.
func TestLabelledHandles(t *testing.T) {
	fam := schema.Family(events.Registry(), 3)
	if fam.Desc().Name != "geno_lewm.training.collapse.alert" {
		t.Fatalf("family 3 is %s", fam.Desc().Name)
	}
	c := meters.TrainingCollapseAlert.With(meters.TrainingCollapseAlertCriterionKLReg)
	before := c.Value()
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterionKLReg)
	if c.Value() != before+1 {
		t.Errorf("Inc did not reach the kl_reg series")
	}
	if got := fam.Desc().LabelValues(int(meters.TrainingCollapseAlertCriterionKLReg)); got[0] != "kl_reg" {
		t.Errorf("series of KLReg is labelled %v", got)
	}
	dropped, exported := fam.Dropped(), schema.Dropped(events.Registry(), schema.DropLabelValue)
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterion(200))
	if fam.Dropped() != dropped+1 {
		t.Errorf("an out-of-set label value was not counted as dropped")
	}
	// ... and the count is a registered series, so it is exported.
	if got := schema.Dropped(events.Registry(), schema.DropLabelValue); got != exported+1 {
		t.Errorf("dropped{reason=label_value} went from %d to %d, want +1", exported, got)
	}
	if meters.TrainingCollapseAlertCriterionPredCosMean.String() != "pred_cos_mean" {
		t.Errorf("String() = %q", meters.TrainingCollapseAlertCriterionPredCosMean.String())
	}
	// Error codes index from 1; code 0 (none) is out of set.
	var errFam *metric.Family
	for _, f := range schema.Families(events.Registry()) {
		if f.Desc().Name == schema.ErrorsRaisedMetric {
			errFam = f
		}
	}
	if errFam == nil {
		t.Fatalf("no family %s", schema.ErrorsRaisedMetric)
	}
	meters.ErrorsRaised.With(0).Inc()
	if errFam.Dropped() == 0 {
		t.Errorf("error code 0 was accepted as a label value")
	}
}
