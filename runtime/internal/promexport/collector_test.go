package promexport_test

import (
	"bytes"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/promexport"
)

// The tests in this package record into the process-wide generated
// handles, as the program does; they do not run in parallel.

func expose(t *testing.T) ([]byte, map[string]*dto.MetricFamily) {
	t.Helper()
	reg, err := promexport.NewRegistry(families())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := promexport.WriteText(&buf, reg); err != nil {
		t.Fatal(err)
	}
	mfs, err := promexport.Check(buf.Bytes(), families())
	if err != nil {
		t.Fatalf("exposition is not valid:\n%v", err)
	}
	return buf.Bytes(), mfs
}

// series finds the sample of family name whose labels include want.
func series(t *testing.T, mfs map[string]*dto.MetricFamily, name string, want ...string) *dto.Metric {
	t.Helper()
	mf := mfs[name]
	if mf == nil {
		t.Fatalf("%s missing", name)
	}
next:
	for _, m := range mf.GetMetric() {
		for i := 0; i < len(want); i += 2 {
			found := false
			for _, lp := range m.GetLabel() {
				found = found || lp.GetName() == want[i] && lp.GetValue() == want[i+1]
			}
			if !found {
				continue next
			}
		}
		return m
	}
	t.Fatalf("%s%v missing", name, want)
	return nil
}

func TestEveryRegisteredSeriesIsExportedAtZero(t *testing.T) {
	text, mfs := expose(t)
	total := 0
	for _, f := range families() {
		d := f.Desc()
		total += d.Series()
		for _, m := range mfs[d.PromName].GetMetric() {
			var v float64
			switch d.Kind {
			case metric.CounterKind:
				v = m.GetCounter().GetValue()
			case metric.GaugeKind:
				v = m.GetGauge().GetValue()
			case metric.HistogramKind:
				v = float64(m.GetHistogram().GetSampleCount())
			}
			if v != 0 && d.Name != "geno_lewm.inference.memory.peak_bytes" {
				t.Errorf("%s = %v before anything was recorded", d.PromName, v)
			}
		}
	}
	if n := strings.Count("\n"+string(text), "\n# TYPE "); n != len(families()) {
		t.Errorf("%d TYPE lines, want %d", n, len(families()))
	}
	if total < 100 {
		t.Errorf("only %d series: labelled families are not fully exported", total)
	}
}

func TestRecordedValuesAreExposedInBaseUnits(t *testing.T) {
	meters.DataCacheHit.Add(3)
	meters.TrainingLossPred.Set(0.125)
	meters.InferenceBatchThroughput.Set(1234.5)
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterionKLReg)
	meters.ErrorsRaised.Inc(events.CodeIOErrorWriteFailed)
	meters.ErrorsRaised.Add(events.CodeIOErrorWriteFailed, 2)
	meters.ObservabilityRedactedKeys.Add(events.IDTrainingStep, meters.ObservabilityRedactedKeysRuleDna, 5)
	// 0.123 ms would come out as 0.00012299999999999998 s from a binary
	// division; 25 ms sits exactly on a bucket bound (le is inclusive).
	obs := []float64{0.123, 1.5, 25, 7000, 90000}
	for _, v := range obs {
		meters.ProvenanceVerifyDuration.Observe(v)
	}
	_, mfs := expose(t)

	if v := series(t, mfs, "geno_lewm_data_cache_hit_total").GetCounter().GetValue(); v != 3 {
		t.Errorf("cache hits = %v, want 3", v)
	}
	if v := series(t, mfs, "geno_lewm_training_loss_pred").GetGauge().GetValue(); v != 0.125 {
		t.Errorf("loss = %v, want 0.125", v)
	}
	if v := series(t, mfs, "geno_lewm_inference_batch_throughput_variants_per_second").GetGauge().GetValue(); v != 1234.5 {
		t.Errorf("throughput = %v, want 1234.5", v)
	}
	if v := series(t, mfs, "geno_lewm_training_collapse_alert_total", "criterion", "kl_reg").GetCounter().GetValue(); v != 1 {
		t.Errorf("kl_reg alerts = %v, want 1", v)
	}
	if v := series(t, mfs, "geno_lewm_training_collapse_alert_total", "criterion", "pred_cos_mean").GetCounter().GetValue(); v != 0 {
		t.Errorf("pred_cos_mean alerts = %v, want 0", v)
	}
	if v := series(t, mfs, "geno_lewm_errors_raised_total", "code", "IOError.WriteFailed").GetCounter().GetValue(); v != 3 {
		t.Errorf("IOError.WriteFailed = %v, want 3", v)
	}
	if v := series(t, mfs, "geno_lewm_observability_redacted_keys_total", "event", "training.step", "rule", "dna").GetCounter().GetValue(); v != 5 {
		t.Errorf("redacted training.step/dna = %v, want 5", v)
	}

	h := series(t, mfs, "geno_lewm_provenance_verify_duration_seconds").GetHistogram()
	if h.GetSampleCount() != uint64(len(obs)) {
		t.Errorf("count = %d, want %d", h.GetSampleCount(), len(obs))
	}
	var sumMs float64
	for _, v := range obs {
		sumMs += v
	}
	if want := exact(t, sumMs, 1000); h.GetSampleSum() != want {
		t.Errorf("sum = %v s, want %v s (%v ms)", h.GetSampleSum(), want, sumMs)
	}
	bounds := slices.Concat(meters.ProvenanceVerifyDuration.Upper(), []float64{math.Inf(1)})
	for i, b := range h.GetBucket() {
		if want := exact(t, bounds[i], 1000); b.GetUpperBound() != want {
			t.Errorf("bucket %d: le = %v, want %v (%v ms)", i, b.GetUpperBound(), want, bounds[i])
		}
		var want uint64
		for _, v := range obs {
			if v <= bounds[i] {
				want++
			}
		}
		if b.GetCumulativeCount() != want {
			t.Errorf("le=%v: %d observations, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
}

// TestBucketBoundsText checks the le labels as written, since that is
// what a dashboard query matches on.
func TestBucketBoundsText(t *testing.T) {
	text, _ := expose(t)
	for _, f := range families() {
		d := f.Desc()
		if d.Kind != metric.HistogramKind {
			continue
		}
		for _, b := range d.Buckets {
			r, _ := new(big.Rat).SetString(strconv.FormatFloat(b, 'g', -1, 64))
			r.Quo(r, new(big.Rat).SetFloat64(d.Divisor))
			want := strings.TrimRight(strings.TrimRight(r.FloatString(12), "0"), ".")
			line := d.PromName + `_bucket{le="` + want + `"}`
			if !strings.Contains(string(text), line) {
				t.Errorf("missing %s", line)
			}
		}
		if !strings.Contains(string(text), d.PromName+`_bucket{le="+Inf"}`) {
			t.Errorf("%s has no +Inf bucket", d.PromName)
		}
	}
}

func TestOutOfSetLabelValueCreatesNoSeries(t *testing.T) {
	fam := slices.IndexFunc(families(), func(f *metric.Family) bool {
		return f.Desc().Name == "geno_lewm.errors.raised"
	})
	before := families()[fam].Dropped()
	meters.ErrorsRaised.Inc(0)    // "no code"
	meters.ErrorsRaised.Inc(9999) // not registered
	meters.ObservabilityRedactedKeys.Inc(events.IDTrainingStep, 200)
	if got := families()[fam].Dropped() - before; got != 2 {
		t.Errorf("dropped = %d, want 2", got)
	}
	_, mfs := expose(t) // Check: no series outside the registered sets
	if n := len(mfs["geno_lewm_errors_raised_total"].GetMetric()); n != families()[fam].Desc().Series() {
		t.Errorf("%d series of errors.raised, want %d", n, families()[fam].Desc().Series())
	}
}
