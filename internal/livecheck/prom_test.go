package livecheck

import (
	"sort"
	"strings"
	"testing"
)

const (
	promCounter = `# HELP geno_lewm_errors_raised_total tagged with code
# TYPE geno_lewm_errors_raised_total counter
geno_lewm_errors_raised_total{code="EvalError.Regression"} 1
geno_lewm_errors_raised_total{code="IOError.WriteFailed"} 0
`
	promHist = `# HELP geno_lewm_training_step_duration_seconds per training step
# TYPE geno_lewm_training_step_duration_seconds histogram
geno_lewm_training_step_duration_seconds_bucket{le="0.01"} 0
geno_lewm_training_step_duration_seconds_bucket{le="0.025"} 0
geno_lewm_training_step_duration_seconds_bucket{le="0.05"} 0
geno_lewm_training_step_duration_seconds_bucket{le="0.1"} 0
geno_lewm_training_step_duration_seconds_bucket{le="0.25"} 0
geno_lewm_training_step_duration_seconds_bucket{le="0.5"} 1
geno_lewm_training_step_duration_seconds_bucket{le="1"} 1
geno_lewm_training_step_duration_seconds_bucket{le="2.5"} 1
geno_lewm_training_step_duration_seconds_bucket{le="5"} 1
geno_lewm_training_step_duration_seconds_bucket{le="10"} 1
geno_lewm_training_step_duration_seconds_bucket{le="30"} 1
geno_lewm_training_step_duration_seconds_bucket{le="+Inf"} 1
geno_lewm_training_step_duration_seconds_sum 0.412
geno_lewm_training_step_duration_seconds_count 1
`
)

// promCases edit a valid exposition (the counter at lines 1-4, the
// histogram at lines 5-20) and list the findings as "line kind".
var promCases = []struct {
	name string
	text string
	want []string
}{
	{"valid", promCounter + promHist, nil},
	{"syntax error", promCounter + "geno_lewm_training_loss_pred{ 1\n", []string{"5 malformed"}},
	{"unregistered metric", promCounter + "# TYPE geno_lewm_gpu_temp gauge\ngeno_lewm_gpu_temp 60\n", []string{"5 unregistered-metric"}},
	{"counter without _total", "# TYPE geno_lewm_data_cache_hit counter\ngeno_lewm_data_cache_hit 3\n", []string{"1 unregistered-metric"}},
	{"unit in the name", strings.ReplaceAll(promHist, "_seconds", "_milliseconds"), []string{"1 unit-mismatch"}},
	{"buckets in ms", strings.NewReplacer(`"0.01"`, `"10"`, `"0.025"`, `"25"`, `"0.05"`, `"50"`, `"0.1"`, `"100"`, `"0.25"`, `"250"`, `"0.5"`, `"500"`, `"1"`, `"1000"`, `"2.5"`, `"2500"`, `"5"`, `"5000"`, `"10"`, `"10000"`, `"30"`, `"30000"`).Replace(promHist), []string{"3 unit-mismatch"}},
	{"bucket missing", strings.Replace(promHist, "geno_lewm_training_step_duration_seconds_bucket{le=\"30\"} 1\n", "", 1), []string{"3 bucket-mismatch"}},
	{"no +Inf bucket", strings.Replace(promHist, "geno_lewm_training_step_duration_seconds_bucket{le=\"+Inf\"} 1\n", "", 1), []string{"3 bucket-mismatch"}},
	{"buckets not cumulative", strings.Replace(promHist, `{le="1"} 1`, `{le="1"} 0`, 1), []string{"3 bad-value"}},
	{"wrong kind", strings.Replace(promCounter, "counter", "gauge", 1), []string{"1 wrong-kind"}},
	{"untyped", "geno_lewm_training_loss_pred 1\n", []string{"1 wrong-kind"}},
	{"label value outside its set", strings.Replace(promCounter, "IOError.WriteFailed", "IOError.DiskFull", 1), []string{"4 label-value"}},
	{"unknown label", strings.Replace(promCounter, `{code="IOError.WriteFailed"}`, `{code="IOError.WriteFailed",host="a"}`, 1), []string{"4 unknown-label"}},
	{"missing label", strings.Replace(promCounter, `{code="IOError.WriteFailed"}`, ``, 1), []string{"4 missing-label"}},
	{"timestamp", strings.Replace(promCounter, `"} 0`, `"} 0 1716219721000`, 1), []string{"4 timestamp"}},
	{"duplicate series", promCounter + `geno_lewm_errors_raised_total{code="EvalError.Regression"} 2` + "\n", []string{"5 duplicate-series"}},
	{"negative counter", strings.Replace(promCounter, `"} 0`, `"} -1`, 1), []string{"4 bad-value"}},
	{"DNA in a label value", strings.Replace(promCounter, "IOError.WriteFailed", "ACGTACGTACGTACGTACGTAC", 1), []string{"4 dna"}},
	{"DNA in HELP", strings.Replace(promCounter, "tagged with code", "ACGTACGTACGTACGTACGTAC", 1), []string{"1 dna"}},
}

func TestProm(t *testing.T) {
	reg := defaultRegistry(t)
	for _, tc := range promCases {
		t.Run(tc.name, func(t *testing.T) {
			rep, path := checkText(t, reg, Options{}, "metrics.prom", tc.text)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			got := kindsAt(rep, path)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("findings %q, want %q\n%v", got, want, rep.Findings)
			}
			for _, f := range rep.Findings {
				if strings.Contains(f.Message, "ACGTACGTACGTACGTACGT") {
					t.Errorf("finding quotes the DNA it reports: %s", f)
				}
			}
		})
	}
}

func TestPromCoverage(t *testing.T) {
	reg := defaultRegistry(t)
	rep, _ := checkText(t, reg, Options{RequireCoverage: true}, "metrics.prom", promCounter+promHist)
	if n := rep.Counts[NotCovered]; n != len(reg.Metrics)-2 {
		t.Errorf("not-covered %d, want %d (all metrics but the two exposed)", n, len(reg.Metrics)-2)
	}
	if rep.Counts[NotCovered] != rep.Violations {
		t.Errorf("violations %d besides not-covered: %v", rep.Violations-rep.Counts[NotCovered], rep.Findings)
	}
	for _, c := range rep.Metrics {
		want := map[string]int64{"geno_lewm.errors.raised": 2, "geno_lewm.training.step.duration": 1}[c.Name]
		if c.Count != want {
			t.Errorf("coverage of %s = %d series, want %d", c.Name, c.Count, want)
		}
	}
	// Events are not required when no log was checked.
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "event ") {
			t.Errorf("event coverage required without any log: %s", f)
		}
	}
}
