package registry

import (
	"errors"
	"strings"
	"testing"
)

// A minimal valid module registry; each case below breaks it in one way.
// The core (deny list, error event and codes, the runtime's metrics) is
// merged into it.
const okEvents = `version: 0.2.0
deny_keys: [clinic_id, lab_note]
error_codes:
  - {code: EvalError.Regression, description: Smoke eval regressed.}
events:
  - name: eval.run.end
    severity: info
    description: Benchmark finished.
    stability: stable
    since: 0.1.0
    fields:
      - {name: score, type: float, description: Headline score.}
      - {name: tags, type: "list[string]", description: Tags.}
  - name: eval.regression
    severity: error
    description: Smoke eval regression.
    stability: stable
    since: 0.1.0
    error_codes: [EvalError.Regression]
    fields:
      - {name: score, type: float, description: Score.}
`

const okMetrics = `version: 0.2.0
metrics:
  - name: geno_lewm.eval.duration
    kind: histogram
    unit: ms
    description: per benchmark
    stability: stable
    since: 0.1.0
    buckets: [1, 10, 100]
  - name: geno_lewm.eval.failures
    kind: counter
    unit: events
    description: tagged with code
    stability: stable
    since: 0.1.0
    labels:
      - {name: code, description: Error code., values_from: error_codes}
`

func TestMinimalRegistryIsValid(t *testing.T) {
	r, err := Parse("events.yaml", []byte(okEvents), "metrics.yaml", []byte(okMetrics))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Metric("geno_lewm.eval.duration").PromName; got != "geno_lewm_eval_duration_seconds" {
		t.Errorf("PromName = %s", got)
	}
	if got := r.Metric("geno_lewm.eval.failures").PromName; got != "geno_lewm_eval_failures_total" {
		t.Errorf("PromName = %s", got)
	}
	// Core codes first, then the module's.
	if l := r.Metric("geno_lewm.eval.failures").Labels[0]; len(l.Resolved) != 6 || l.Resolved[0] != "InternalError.InvariantViolation" || l.Resolved[5] != "EvalError.Regression" {
		t.Errorf("values_from error_codes resolved to %v", l.Resolved)
	}
}

func TestRejections(t *testing.T) {
	cases := []struct {
		name      string
		events    func(string) string
		metrics   func(string) string
		wantPos   string // file:line
		wantInMsg string
	}{
		{"unknown key", ev("    stability: stable\n    since: 0.1.0\n    fields:\n      - {name: score", "    stability: stable\n    since: 0.1.0\n    colour: red\n    fields:\n      - {name: score"), nil, "events.yaml:11:", `unknown key "colour"`},
		{"duplicate event", ev("  - name: eval.regression", "  - name: eval.run.end"), nil, "events.yaml:14:", "registered twice"},
		{"not dotted-lowercase", ev("name: eval.run.end", "name: Eval.RunEnd"), nil, "events.yaml:6:", "not dotted-lowercase"},
		{"unknown severity", ev("severity: info", "severity: notice"), nil, "events.yaml:7:", `unknown severity "notice"`},
		{"unknown type", ev("type: float, description: Headline", "type: decimal, description: Headline"), nil, "events.yaml:12:", `unknown type "decimal"`},
		{"nested type", ev(`type: "list[string]"`, `type: "list[list[string]]"`), nil, "events.yaml:13:", "unknown type"},
		{"denied key allowlisted", ev("{name: tags,", "{name: genotype,"), nil, "events.yaml:13:", `"genotype" is on the deny list`},
		{"error event without codes", ev("    error_codes: [EvalError.Regression]\n", ""), nil, "events.yaml:14:", "has no error codes"},
		{"undefined error code", ev("error_codes: [EvalError.Regression]", "error_codes: [EvalError.Missing]"), nil, "events.yaml:19:", "undefined error code"},
		{"codes on info event", ev("    severity: info\n", "    severity: info\n    error_codes: [EvalError.Regression]\n"), nil, "events.yaml:8:", "lists error codes"},
		{"sampled warn", ev("    severity: info\n", "    severity: warn\n    sampling: {one_in: 10}\n"), nil, "events.yaml:8:", "sampled"},
		{"empty description", ev("description: Benchmark finished.", `description: ""`), nil, "events.yaml:8:", "no description"},
		{"empty field description", ev("description: Headline score.", `description: " "`), nil, "events.yaml:12:", "no description"},
		{"DNA in key", ev("{name: tags,", "{name: acgtacgtacgtacgtacgtac,"), nil, "events.yaml:13:", "DNA"},
		{"bad version", ev("version: 0.2.0", "version: v2"), nil, "events.yaml:1:", "not a semantic version"},
		{"since after version", ev("    since: 0.1.0\n    fields:\n      - {name: score, type: float, description: Headline", "    since: 0.3.0\n    fields:\n      - {name: score, type: float, description: Headline"), nil, "events.yaml:10:", "after registry version"},
		{"wrong YAML type", ev("{name: score, type: float,", "{name: score, type: [float],"), nil, "events.yaml:12:", "expected a string"},
		{"YAML syntax", ev("fields:\n      - {name: score", "fields:\n      - {name: score,, "), nil, "events.yaml:1", "did not find"},
		{"field replacement unknown", ev("{name: tags, type: \"list[string]\", description: Tags.}", "{name: tags, type: \"list[string]\", description: Tags., deprecated: {reason: Unused., replacement: labels}}"), nil, "events.yaml:13:", "is not a key of the event"},
		{"duplicate YAML key", ev("    severity: info\n", "    severity: info\n    severity: debug\n"), nil, "events.yaml:8:", "written twice"},
		{"four labels", nil, mt("      - {name: code, description: Error code., values_from: error_codes}", "      - {name: code, description: Error code., values_from: error_codes}\n      - {name: a, description: A., values: [x]}\n      - {name: b, description: B., values: [x]}\n      - {name: c, description: C., values: [x]}"), "metrics.yaml:17:", "at most 3"},
		{"duplicate metric", nil, mt("name: geno_lewm.eval.failures", "name: geno_lewm.eval.duration"), "metrics.yaml:10:", "registered twice"},
		{"unknown kind", nil, mt("kind: histogram", "kind: summary"), "metrics.yaml:4:", `unknown kind "summary"`},
		{"histogram without buckets", nil, mt("    buckets: [1, 10, 100]\n", ""), "metrics.yaml:3:", "has no buckets"},
		{"unsorted buckets", nil, mt("[1, 10, 100]", "[1, 100, 10]"), "metrics.yaml:9:", "must increase"},
		{"gauge named _total", nil, mt("name: geno_lewm.eval.duration\n    kind: histogram\n    unit: ms", "name: geno_lewm.eval.runs_total\n    kind: gauge\n    unit: events"), "metrics.yaml:3:", "would end in _total"},
		{"reserved suffix", nil, mt("name: geno_lewm.eval.failures", "name: geno_lewm.eval.failures_count"), "metrics.yaml:10:", "ends in _count"},
		{"non-base unit in name", nil, mt("name: geno_lewm.eval.duration", "name: geno_lewm.eval.duration_ms"), "metrics.yaml:3:", "non-base unit"},
		{"unknown unit", nil, mt("unit: ms", "unit: minutes"), "metrics.yaml:5:", `unknown unit "minutes"`},
		{"unbounded label", nil, mt("values_from: error_codes}", "}"), "metrics.yaml:17:", "unbounded"},
		{"reserved label", nil, mt("{name: code,", "{name: le,"), "metrics.yaml:17:", "reserved"},
		{"rank label", nil, mt("{name: code,", "{name: rank,"), "metrics.yaml:17:", "label \"rank\" is reserved"},
		{"module record fields", ev("events:\n", "record_fields:\n  - {name: rank, type: int, description: R.}\nevents:\n"), nil, "events.yaml:6:", "cannot define record_fields"},
		{"version mismatch", nil, mt("version: 0.2.0", "version: 0.3.0"), "metrics.yaml:1:", "differs"},
		{"metric without namespace", nil, mt("name: geno_lewm.eval.duration", "name: duration"), "metrics.yaml:3:", "not dotted-lowercase"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, m := okEvents, okMetrics
			if c.events != nil {
				e = c.events(e)
			}
			if c.metrics != nil {
				m = c.metrics(m)
			}
			_, err := Parse("events.yaml", []byte(e), "metrics.yaml", []byte(m))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("err = %v, want an ErrorList", err)
			}
			for _, item := range list {
				if strings.HasPrefix(item.Pos.String(), c.wantPos) && strings.Contains(item.Msg, c.wantInMsg) {
					if item.Hint == "" && !strings.Contains(c.name, "YAML") {
						t.Errorf("%s: no hint on what to do", item)
					}
					return
				}
			}
			t.Errorf("no error at %s containing %q; got:\n%v", c.wantPos, c.wantInMsg, err)
		})
	}
}

// ev and mt replace one exact substring, failing loudly if it is absent so
// that a case cannot silently test the valid registry.
func ev(old, new string) func(string) string { return replacer(old, new) }
func mt(old, new string) func(string) string { return replacer(old, new) }

func replacer(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("test registry lacks " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

func TestAllErrorsReported(t *testing.T) {
	e := strings.Replace(okEvents, "severity: info", "severity: loud", 1)
	m := strings.Replace(okMetrics, "kind: histogram", "kind: meter", 1)
	_, err := Parse("events.yaml", []byte(e), "metrics.yaml", []byte(m))
	var list ErrorList
	if !errors.As(err, &list) || len(list) < 2 {
		t.Fatalf("want both problems reported, got %v", err)
	}
}

func TestDefaultRegistryMatchesSpec(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// The spec's canonical events and severities.
	events := map[string]string{
		"training.run.start": "info", "training.run.end": "info", "training.step": "debug",
		"training.epoch.end": "info", "training.checkpoint.write": "info", "training.collapse.alert": "warn",
		"training.metric": "info", "eval.run.start": "info", "eval.run.end": "info", "eval.regression": "error",
		"data.cache.hit": "debug", "data.cache.miss": "debug", "data.shard.write": "info",
		"inference.score.start": "debug", "inference.score.end": "debug", "inference.batch.end": "info",
		"inference.network.blocked": "error", "provenance.receipt.write": "info", "provenance.verify.start": "info",
		"provenance.verify.end": "info", "provenance.verify.mismatch": "error", "error": "error",
	}
	// Every event beyond the spec's is the runtime's own (the core's
	// incident events).
	for _, e := range r.Events {
		if _, ok := events[e.Name]; !ok && !e.Core {
			t.Errorf("event %s is neither the spec's nor the core's", e.Name)
		}
	}
	for name, sev := range events {
		if e := r.Event(name); e == nil || e.Severity != sev {
			t.Errorf("event %s: got %+v, want severity %s", name, e, sev)
		}
	}
	// The spec's canonical metrics with kinds and units.
	metrics := map[string][2]string{
		"geno_lewm.training.step.duration": {"histogram", "ms"}, "geno_lewm.training.loss.pred": {"gauge", "unitless"},
		"geno_lewm.training.loss.reg": {"gauge", "unitless"}, "geno_lewm.training.collapse.alert": {"counter", "events"},
		"geno_lewm.training.collapse.pred_cos_mean": {"gauge", "unitless"}, "geno_lewm.training.collapse.pred_l2_mean": {"gauge", "unitless"},
		"geno_lewm.training.collapse.target_var_per_dim": {"gauge", "unitless"}, "geno_lewm.training.collapse.pred_var_per_dim": {"gauge", "unitless"},
		"geno_lewm.training.collapse.pred_target_corr": {"gauge", "unitless"}, "geno_lewm.training.collapse.pairwise_pred_dist_mean": {"gauge", "unitless"},
		"geno_lewm.training.collapse.kl_reg": {"gauge", "unitless"}, "geno_lewm.data.cache.hit": {"counter", "ops"},
		"geno_lewm.data.cache.miss": {"counter", "ops"}, "geno_lewm.data.encode.duration": {"histogram", "ms"},
		"geno_lewm.inference.score.duration": {"histogram", "ms"}, "geno_lewm.inference.batch.throughput": {"gauge", "variants/s"},
		"geno_lewm.inference.memory.peak_bytes": {"gauge", "bytes"}, "geno_lewm.planning.cem.iter.duration": {"histogram", "ms"},
		"geno_lewm.planning.cem.calls": {"counter", "predictor calls"}, "geno_lewm.provenance.verify.duration": {"histogram", "ms"},
		"geno_lewm.observability.redacted_keys": {"counter", "keys"}, "geno_lewm.errors.raised": {"counter", "events"},
	}
	for _, m := range r.Metrics {
		if _, ok := metrics[m.Name]; !ok && !m.Core {
			t.Errorf("metric %s is neither the spec's nor the core's", m.Name)
		}
	}
	for name, ku := range metrics {
		if m := r.Metric(name); m == nil || m.Kind != ku[0] || m.Unit != ku[1] {
			t.Errorf("metric %s: got %+v, want %v", name, m, ku)
		}
	}
	for _, k := range []string{"vcf_content", "genotype", "sample_id", "user_email"} {
		if !r.Denied(k) {
			t.Errorf("%s is not on the deny list", k)
		}
	}
}

func TestHasDNARun(t *testing.T) {
	for s, want := range map[string]bool{
		"":                          false,
		"acgtacgtacgtacgtacg":       false, // 19
		"acgtacgtacgtacgtacgt":      true,  // 20
		"x-NNNNNNNNNNNNNNNNNNNN-y":  true,
		"training.step":             false,
		"ACGTACGTAC-GTACGTACGTACGT": true, // a single separator does not break a run
		"ACGTACGTAC--GTACGTACGTAC":  false,
		"ACGTACGTAC9GTACGTACGTACGT": false,
		"acguacguacguacguacgu":      true, // RNA
	} {
		if got := HasDNARun(s); got != want {
			t.Errorf("HasDNARun(%q) = %v, want %v", s, got, want)
		}
	}
}
