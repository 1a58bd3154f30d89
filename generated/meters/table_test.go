package meters_test

import (
	"testing"

	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/registry"
)

// TestFamiliesMatchRegistry checks the generated METRICS table against the
// YAML: names, Prometheus names, kinds, units, buckets and label sets.
func TestFamiliesMatchRegistry(t *testing.T) {
	r, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(meters.Families) != len(r.Metrics) {
		t.Fatalf("%d families, registry %d metrics", len(meters.Families), len(r.Metrics))
	}
	for i, want := range r.Metrics {
		d := meters.Families[i].Desc()
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
	fam := meters.Families[3] // geno_lewm.training.collapse.alert
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
	dropped := fam.Dropped()
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterion(200))
	if fam.Dropped() != dropped+1 {
		t.Errorf("an out-of-set label value was not counted as dropped")
	}
	if meters.TrainingCollapseAlertCriterionPredCosMean.String() != "pred_cos_mean" {
		t.Errorf("String() = %q", meters.TrainingCollapseAlertCriterionPredCosMean.String())
	}
	// Error codes index from 1; code 0 (none) is out of set.
	errs := meters.ErrorsRaised.With(0)
	errs.Inc()
	if meters.Families[len(meters.Families)-1].Dropped() == 0 {
		t.Errorf("error code 0 was accepted as a label value")
	}
}
