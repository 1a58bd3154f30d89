package otlprules_test

import (
	"reflect"
	"slices"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/genolewm/obs/internal/otlprules"
)

func oneSpan(name string, attrs map[string]any) (ptrace.Traces, ptrace.Span) {
	td := ptrace.NewTraces()
	s := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	s.SetName(name)
	s.SetTraceID([16]byte{1})
	s.SetSpanID([8]byte{2})
	if err := s.Attributes().FromRaw(attrs); err != nil {
		panic(err)
	}
	return td, s
}

func spans(td ptrace.Traces) int { return td.SpanCount() }

func TestRegisteredSpanPassesIntact(t *testing.T) {
	td, s := oneSpan("inference.score", map[string]any{"step": int64(3), "model": "genolewm-base", "score": 0.7, "pathogenicity": "benign"})
	s.Status().SetCode(ptrace.StatusCodeError)
	s.Status().SetMessage("InferenceError.InvalidVariant")
	s.Attributes().PutStr("error_code", "InferenceError.InvalidVariant")
	ev := s.Events().AppendEmpty()
	ev.SetName("inference.score.end")
	ev.Attributes().PutStr("pathogenicity", "benign")
	l := s.Links().AppendEmpty()
	l.Attributes().PutInt("step", 2)
	want := ptrace.NewTraces()
	td.CopyTo(want)
	obs := &findings{}
	engine(t, otlprules.Strict).Traces(td, obs)
	if len(obs.list) != 0 || !reflect.DeepEqual(td, want) {
		t.Errorf("findings %v", obs)
	}
}

func TestSpanRules(t *testing.T) {
	cases := []struct {
		name string
		set  func(ptrace.Span)
		rule string
	}{
		{"unregistered", func(s ptrace.Span) { s.SetName("http.request") }, "unregistered record"},
		{"not allowlisted", func(s ptrace.Span) { s.Attributes().PutStr("http.url", "https://x") }, "allowlist attribute"},
		{"variant id", func(s ptrace.Span) { s.Attributes().PutStr("variant_id", "v1") }, "allowlist attribute"},
		{"denied", func(s ptrace.Span) { s.Attributes().PutStr("genotype", "0/1") }, "deny attribute"},
		{"dna", func(s ptrace.Span) { s.Attributes().PutStr("model", seq) }, "dna attribute"},
		{"type", func(s ptrace.Span) { s.Attributes().PutStr("step", "3") }, "type attribute"},
		{"out of set", func(s ptrace.Span) { s.Attributes().PutStr("pathogenicity", "spooky") }, "value attribute"},
		{"unregistered code", func(s ptrace.Span) { s.Attributes().PutStr("error_code", "Oops.Bad") }, "value attribute"},
		{"status text", func(s ptrace.Span) { s.Status().SetMessage("file /home/alice/NA12878.vcf not found") }, "value status"},
		{"status dna", func(s ptrace.Span) { s.Status().SetMessage("bad read " + seq) }, "dna status"},
		{"exception event", func(s ptrace.Span) {
			e := s.Events().AppendEmpty()
			e.SetName("exception")
			e.Attributes().PutStr("exception.message", "x")
		}, "allowlist span event"},
		{"event dna", func(s ptrace.Span) {
			e := s.Events().AppendEmpty()
			e.SetName("inference.score.start")
			e.Attributes().PutStr("model", seq)
		}, "dna span event"},
		{"link dna", func(s ptrace.Span) { s.Links().AppendEmpty().Attributes().PutStr("model", seq) }, "dna span link"},
		{"link tracestate", func(s ptrace.Span) { s.Links().AppendEmpty().TraceState().FromRaw("k=" + seq) }, "dna span link"},
		{"tracestate", func(s ptrace.Span) { s.TraceState().FromRaw("k=" + seq) }, "dna record"},
	}
	for _, c := range cases {
		for mode, kept := range map[otlprules.Mode]int{otlprules.Strict: 0, otlprules.Lenient: 1, otlprules.Report: 1} {
			td, s := oneSpan("inference.score", map[string]any{"model": "m"})
			c.set(s)
			obs := &findings{}
			engine(t, mode).Traces(td, obs)
			if c.name == "unregistered" && mode == otlprules.Lenient {
				kept = 0
			}
			if spans(td) != kept || len(obs.list) == 0 || obs.rules()[0] != c.rule {
				t.Errorf("%s %s: %d spans, findings %v", c.name, mode, spans(td), obs)
				continue
			}
			if mode == otlprules.Lenient && kept == 1 {
				kept := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
				clean := kept.Attributes().Len() <= 1 && kept.Status().Message() == "" && kept.TraceState().AsRaw() == ""
				for _, e := range kept.Events().All() {
					clean = clean && e.Name() == "inference.score.start" && e.Attributes().Len() == 0
				}
				for _, l := range kept.Links().All() {
					clean = clean && l.Attributes().Len() == 0 && l.TraceState().AsRaw() == ""
				}
				if v, ok := kept.Attributes().Get("model"); ok && v.Str() != "m" {
					clean = false
				}
				if !clean {
					t.Errorf("%s lenient: kept %v, status %q, %d events", c.name, raw(kept.Attributes()), kept.Status().Message(), kept.Events().Len())
				}
			}
		}
	}
	obs := &findings{}
	td, _ := oneSpan("inference.score", nil)
	engine(t, otlprules.Report).Traces(td, obs)
	if !slices.Equal(obs.seen[otlprules.Traces], []int{slices.Index(table(t).Spans(), "inference.score")}) {
		t.Errorf("seen %v", obs.seen)
	}
}
