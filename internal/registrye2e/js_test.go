package registrye2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/collectortest"
	"github.com/genolewm/obs/internal/payloadtest"
	"github.com/genolewm/obs/internal/testenv"
)

const seq = "GATTACAGCTTGACCGTANGCATG"

// producer is tools/otlpjs: the official OpenTelemetry JavaScript SDK.
type producer struct {
	node, dir string
}

func jsProducer(t *testing.T) producer {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		testenv.NeedTool(t, "node (Node.js) not found: the JavaScript producer needs it")
	}
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "tools", "otlpjs")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@opentelemetry", "sdk-logs", "package.json")); err != nil {
		testenv.NeedTool(t, "the OpenTelemetry JavaScript SDK is not installed: run `npm ci` in tools/otlpjs")
	}
	return producer{node: node, dir: dir}
}

// send runs the producer on plan against c and waits for it to exit.
func (p producer) send(t *testing.T, c *collectortest.Collector, plan map[string]any) {
	t.Helper()
	text, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, text, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.node, "producer.mjs", path)
	cmd.Dir = p.dir
	cmd.Env = append(c.Env(), "PATH="+filepath.Dir(p.node)+":/usr/bin:/bin")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the JavaScript producer: %v\n%s", err, out)
	}
}

// logJSON is one log record of a plan.
func logJSON(event string, ts time.Time, attrs map[string]any) map[string]any {
	sev := events.Registry().Lookup(event)
	num, text := 9, "INFO"
	if sev != nil {
		num = 1 + 4*int(sev.Severity())
		text = strings.ToUpper(sev.Severity().String())
	}
	return map[string]any{"eventName": event, "severityNumber": num, "severityText": text,
		"timeUnixNano": fmt.Sprint(ts.UnixNano()), "attributes": kvs(attrs)}
}

// corpusPlan is the corpus as log records of the JavaScript SDK, case i
// at corpusBase+i.
func corpusPlan(t *testing.T, cases []payloadtest.Case) []any {
	t.Helper()
	var recs []any
	for i, c := range cases {
		attrs := map[string]any{}
		for k, v := range c.Data {
			attrs[k] = v
		}
		if c.Code != "" {
			attrs["genolewm.error_code"] = c.Code
		}
		recs = append(recs, logJSON(c.Event, corpusBase.Add(time.Duration(i)), attrs))
	}
	return recs
}

// violation is a record of the designed batches, at violationBase+i, with
// what each mode must make of it: refused, or kept with these attributes.
type violation struct {
	name          string
	rec           map[string]any
	strict        bool
	lenientAttrs  map[string]any // nil: refused in lenient mode too
	lenientNoBody bool
}

var violationBase = time.Date(2026, 5, 21, 12, 0, 0, 0, time.UTC)

func violations() []violation {
	at := func(i int) time.Time { return violationBase.Add(time.Duration(i)) }
	metric := map[string]any{"metric": "val_auroc", "value": 0.91}
	with := func(k string, v any) map[string]any {
		m := map[string]any{"metric": "val_auroc", "value": 0.91}
		m[k] = v
		return m
	}
	body := func(r map[string]any, b map[string]any) map[string]any { r["body"] = b; return r }
	return []violation{
		{"registered", logJSON("training.metric", at(0), metric), true, metric, false},
		{"registered with a text body", body(logJSON("training.metric", at(1), metric), map[string]any{"stringValue": "validation done"}), true, metric, false},
		{"unregistered event", logJSON("app.started", at(2), map[string]any{"pid": int64(42)}), false, nil, false},
		{"deny-listed key", logJSON("training.metric", at(3), with("sample_id", "NA12878")), false, metric, false},
		{"deny-listed key, other case", logJSON("training.metric", at(4), with("User_Email", "a@example.org")), false, metric, false},
		{"DNA in an attribute", logJSON("training.metric", at(5), with("metric", "read "+seq)), false, map[string]any{"value": 0.91}, false},
		{"DNA in a body", body(logJSON("training.metric", at(6), metric), map[string]any{"stringValue": "read " + seq}), false, metric, true},
		{"map body", body(logJSON("training.metric", at(7), metric), map[string]any{"kvlistValue": map[string]any{"values": kvs(map[string]any{"genotype": "0/1"})}}), false, metric, true},
		{"unknown key", logJSON("training.metric", at(8), with("hostname", "gpu-7")), false, metric, false},
		{"wrong type", logJSON("training.metric", at(9), with("value", "high")), false, map[string]any{"metric": "val_auroc"}, false},
	}
}

func violationPlan() []any {
	var recs []any
	for _, v := range violations() {
		recs = append(recs, v.rec)
	}
	return recs
}

var resource = map[string]any{"service.name": "js-trainer"}

// plan is the whole JavaScript run: the corpus and the designed
// violations under a plain resource, one registered record under a
// resource holding DNA and one under a resource with a deny-listed key,
// and spans and metrics with and without violations.
func plan(t *testing.T, cases []payloadtest.Case) map[string]any {
	signals := map[string]any{
		"resource": kvs(resource),
		"logs":     append(corpusPlan(t, cases), violationPlan()...),
		"spans": []any{
			map[string]any{"name": "training.step", "attributes": kvs(map[string]any{"step": int64(3), "phase": "phase2"})},
			map[string]any{"name": "http.get", "attributes": kvs(map[string]any{"http.url": "https://x"})},
			map[string]any{"name": "inference.score", "attributes": kvs(map[string]any{"model": "m", "genotype": "0/1"}), "statusMessage": "failed on " + seq},
			map[string]any{"name": "training.step", "attributes": kvs(map[string]any{"step": int64(4)}),
				"events": []any{map[string]any{"name": "exception", "attributes": kvs(map[string]any{"exception.message": "bad read " + seq})}}},
		},
		"metrics": []any{
			map[string]any{"name": "geno_lewm.training.collapse.alert", "unit": "{event}", "kind": "counter", "points": []any{
				map[string]any{"value": 1, "attributes": kvs(map[string]any{"criterion": "kl_reg"})},
				map[string]any{"value": 1, "attributes": kvs(map[string]any{"criterion": "made_up"})},
			}},
			map[string]any{"name": "geno_lewm.training.step.duration", "unit": "ms", "kind": "histogram",
				"boundaries": []float64{10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000}, "points": []any{map[string]any{"value": 42}}},
			map[string]any{"name": "app.requests", "unit": "1", "kind": "counter", "points": []any{map[string]any{"value": 1}}},
		},
	}
	dnaResource := map[string]any{"resource": kvs(map[string]any{"service.name": "js-trainer", "host.note": "read " + seq}),
		"logs": []any{logJSON("training.metric", violationBase.Add(100), map[string]any{"metric": "m", "value": 1.0})}}
	denyResource := map[string]any{"resource": kvs(map[string]any{"service.name": "js-trainer", "user_email": "a@example.org"}),
		"logs": []any{logJSON("training.metric", violationBase.Add(101), map[string]any{"metric": "m", "value": 1.0})}}
	return map[string]any{"batches": []any{signals, dnaResource, denyResource}}
}

// TestJavaScriptProducer sends the plan through the official JavaScript
// SDK to the collector in strict and lenient mode. Unregistered events,
// deny-listed keys and DNA in attributes, bodies and resource attributes
// never reach the file exporter; registered records pass intact; the
// corpus is judged as the Go filter judges it.
func TestJavaScriptProducer(t *testing.T) {
	js := jsProducer(t)
	cases := payloadtest.Corpus()
	for _, mode := range []string{"strict", "lenient"} {
		t.Run(mode, func(t *testing.T) {
			c := registry(t, mode)
			js.send(t, c, plan(t, cases))
			c.Stop()
			out := c.Output(t)
			for _, l := range leaks(out) {
				t.Errorf("leak: %s", l)
			}
			var corpusOut collectortest.Output
			corpusOut.Logs = out.Logs
			var corpusRecs, designed, resourced []collectortest.LogRecord
			for _, r := range out.LogRecords() {
				switch d := r.Time.Sub(violationBase); {
				case r.Time.Before(violationBase):
					corpusRecs = append(corpusRecs, r)
				case d >= 100:
					resourced = append(resourced, r)
				default:
					designed = append(designed, r)
				}
			}
			got := make([]payloadtest.Outcome, len(cases))
			for _, r := range corpusRecs {
				i := int(r.Time.Sub(corpusBase))
				if r.Resource["service.name"] != "js-trainer" || r.Scope.Name != "genolewm-js-producer" || i < 0 || i >= len(cases) {
					t.Fatalf("a record that is no case: %+v", r)
				}
				got[i] = payloadtest.Passed(r.Attributes)
			}
			kept := compare(t, mode, cases, got)
			t.Logf("%s: corpus %d of %d kept, as the Go filter keeps them", mode, kept, len(cases))
			checkDesigned(t, mode, designed)
			checkResources(t, mode, resourced)
			checkSpansAndMetrics(t, mode, out)
		})
	}
}

func checkDesigned(t *testing.T, mode string, recs []collectortest.LogRecord) {
	t.Helper()
	byIndex := map[int]collectortest.LogRecord{}
	for _, r := range recs {
		byIndex[int(r.Time.Sub(violationBase))] = r
	}
	for i, v := range violations() {
		r, ok := byIndex[i]
		wantKept := v.strict
		if mode == "lenient" {
			wantKept = v.lenientAttrs != nil
		}
		if ok != wantKept {
			t.Errorf("%s %s: kept %v, want %v", mode, v.name, ok, wantKept)
			continue
		}
		if !ok {
			continue
		}
		if !reflect.DeepEqual(r.Attributes, v.lenientAttrs) {
			t.Errorf("%s %s: attributes %v, want %v", mode, v.name, r.Attributes, v.lenientAttrs)
		}
		if v.lenientNoBody && r.Body != nil {
			t.Errorf("%s %s: the body was kept", mode, v.name)
		}
		if v.name == "registered with a text body" && r.Body != "validation done" {
			t.Errorf("%s %s: body %v", mode, v.name, r.Body)
		}
		if r.EventName != "training.metric" || r.SeverityNumber != 9 || r.SeverityText != "INFO" {
			t.Errorf("%s %s: %+v", mode, v.name, r)
		}
	}
}

func checkResources(t *testing.T, mode string, recs []collectortest.LogRecord) {
	t.Helper()
	if mode == "strict" {
		if len(recs) != 0 {
			t.Errorf("strict: %d records under an offending resource passed", len(recs))
		}
		return
	}
	if len(recs) != 2 {
		t.Fatalf("lenient: %d records under the offending resources, want 2", len(recs))
	}
	for _, r := range recs {
		if !reflect.DeepEqual(r.Resource, resource) {
			t.Errorf("lenient: resource %v, want %v", r.Resource, resource)
		}
	}
}

// checkSpansAndMetrics: only the registered span without a violation
// (strict) or the registered spans without their offending parts
// (lenient) pass, and in either mode only registered series.
func checkSpansAndMetrics(t *testing.T, mode string, out collectortest.Output) {
	t.Helper()
	var names []string
	for _, s := range out.Spans() {
		names = append(names, s.Name)
		if s.Name == "http.get" || len(s.Events) != 0 || s.StatusText != "" {
			t.Errorf("span %s passed with %d events, status %q", s.Name, len(s.Events), s.StatusText)
		}
		if _, ok := s.Attributes["genotype"]; ok {
			t.Errorf("span %s kept a deny-listed key", s.Name)
		}
	}
	sort.Strings(names)
	want := []string{"training.step"}
	if mode == "lenient" {
		want = []string{"inference.score", "training.step", "training.step"}
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("%s: spans %v passed, want %v", mode, names, want)
	}
	series := map[string]bool{}
	for _, p := range out.MetricPoints() {
		series[fmt.Sprintf("%s %v", p.Name, p.Attributes)] = true
	}
	var list []string
	for s := range series {
		list = append(list, s)
	}
	sort.Strings(list)
	wantSeries := []string{"geno_lewm.training.collapse.alert map[criterion:kl_reg]", "geno_lewm.training.step.duration map[]"}
	if !reflect.DeepEqual(list, wantSeries) {
		t.Errorf("series %v, want %v", list, wantSeries)
	}
}

// TestJavaScriptReport: in report mode the same traffic passes unchanged
// and the live-check report lists what strict mode would have refused,
// with the registry's coverage.
func TestJavaScriptReport(t *testing.T) {
	js := jsProducer(t)
	cases := payloadtest.Corpus()
	p := plan(t, cases)

	plain := collectortest.Start(t, collectortest.Options{})
	js.send(t, plain, p)
	plain.Stop()
	sent := plain.Output(t)

	reportPath := filepath.Join(t.TempDir(), "live-check.txt")
	c := collectortest.Start(t, collectortest.Options{Registry: map[string]any{"mode": "report",
		"report": map[string]any{"path": reportPath, "interval": "0s"}}})
	js.send(t, c, p)
	c.Stop()
	got := c.Output(t)
	if !reflect.DeepEqual(got.LogRecords(), sent.LogRecords()) {
		t.Errorf("report mode changed the log records: %d sent, %d passed", len(sent.LogRecords()), len(got.LogRecords()))
	}
	if len(got.Spans()) != len(sent.Spans()) || len(got.MetricPoints()) != len(sent.MetricPoints()) {
		t.Errorf("report mode dropped: spans %d of %d, points %d of %d", len(got.Spans()), len(sent.Spans()), len(got.MetricPoints()), len(sent.MetricPoints()))
	}
	text, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{": dna:", ": denied-key:", ": unregistered-event:", ": unregistered-span:", ": unregistered-metric:",
		": label-value:", ": unknown-key:", ": wrong-type:", ": missing-field:", ": bad-error-code:",
		"EVENT", "SPAN", "METRIC", "events seen ", "spans seen ", "metrics seen "} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(string(text), seq) || strings.Contains(string(text), "NA12878") {
		t.Error("the report shows a value")
	}
}
