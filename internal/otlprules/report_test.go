package otlprules_test

import (
	"bytes"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/internal/livecheck"
	"github.com/genolewm/obs/internal/otlprules"
)

// The report of OTLP traffic lists each finding with its position and
// kind and the coverage, as live-check does for files, and never a value:
// not the DNA, not the deny-listed value, not a key holding DNA.
func TestTrafficReport(t *testing.T) {
	tab := table(t)
	e := engine(t, otlprules.Report)
	rep := otlprules.NewTrafficReport(tab, 100)
	send := func(ld plog.Logs) { e.Logs(ld, rep.Request(otlprules.Logs, 10)) }
	ld, _ := logRecord("training.metric", plog.SeverityNumberInfo, map[string]any{"metric": "m", "value": 1.0})
	send(ld)
	ld, _ = logRecord("training.metric", plog.SeverityNumberInfo, map[string]any{"metric": seq, "value": "high", "sample_id": "NA12878", "k" + seq: 1.0})
	send(ld)
	ld, _ = logRecord("app.started", plog.SeverityNumberInfo, nil)
	send(ld)
	ld, _ = logRecord("training.metric", plog.SeverityNumberInfo, map[string]any{"metric": "m"})
	send(ld)

	r := rep.Snapshot(false)
	for _, k := range []livecheck.Kind{livecheck.DNA, livecheck.WrongType, livecheck.DeniedKey, livecheck.UnknownKey, livecheck.UnregisteredEvent, livecheck.MissingField} {
		if r.Counts[k] == 0 {
			t.Errorf("no %s finding: %v", k, r.Findings)
		}
	}
	if r.UnregisteredRecords != 1 || r.Files[0].Records != 4 || r.Files[0].Bytes != 40 {
		t.Errorf("unregistered %d, files %+v", r.UnregisteredRecords, r.Files)
	}
	var text, js bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{text.String(), js.String()} {
		if dna.Has(out) || strings.Contains(out, "NA12878") || strings.Contains(out, "high") {
			t.Errorf("the report shows a value:\n%s", out)
		}
	}
	for _, want := range []string{"otlp logs request 2, record 0: dna:", "EVENT", "events seen 1/", "OTLP signal(s)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, text.String())
		}
	}
	covered := false
	for _, line := range strings.Split(text.String(), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "training.metric" && f[1] == "info" && f[2] == "3" {
			covered = true
		}
	}
	if !covered {
		t.Errorf("no coverage line for training.metric with 3 records:\n%s", text.String())
	}
	if strings.Contains(text.String(), "SPAN ") || strings.Contains(text.String(), "METRIC") {
		t.Errorf("coverage of signals never received:\n%s", text.String())
	}
	full := rep.Snapshot(true)
	if full.Counts[livecheck.NotCovered] == 0 || full.Counts[livecheck.NotCovered] != len(tab.Events())-1-len(livecheck.IncidentEvents) {
		t.Errorf("not covered %d of %d events", full.Counts[livecheck.NotCovered], len(tab.Events()))
	}
}

func TestCompileRefuses(t *testing.T) {
	spec := otlprules.SpecFromRegistry(mustDefault(t))
	for name, mutate := range map[string]func(*otlprules.Spec){
		"no events":          func(s *otlprules.Spec) { s.Events = nil },
		"denied key allowed": func(s *otlprules.Spec) { s.Events[0].Fields[0].Name = "genotype" },
		"unknown code":       func(s *otlprules.Spec) { s.Events[0].Codes = []string{"No.Such"} },
		"second event":       func(s *otlprules.Spec) { s.Events = append(s.Events, s.Events[0]) },
		"bad kind":           func(s *otlprules.Spec) { s.Metrics[0].Kind = 0 },
	} {
		c := *spec
		c.Events = append([]otlprules.EventSpec(nil), spec.Events...)
		c.Events[0].Fields = append([]otlprules.FieldSpec(nil), spec.Events[0].Fields...)
		c.Metrics = append([]otlprules.MetricSpec(nil), spec.Metrics...)
		mutate(&c)
		if _, err := otlprules.Compile(&c); err == nil {
			t.Errorf("%s: compiled", name)
		}
	}
}
