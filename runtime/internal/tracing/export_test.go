package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"

	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/tracing"
	"github.com/genolewm/obs/runtime/observe"
)

// memSink is a observe.Sink keeping a copy of every record line.
type memSink struct {
	mu    sync.Mutex
	lines [][]byte
}

func (s *memSink) WriteRecord(r *observe.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, bytes.Clone(r.Bytes()))
	return nil
}

// record is the part of a JSONL record this test reads.
type record struct {
	Event   string `json:"event"`
	TraceID string `json:"trace_id"`
	SpanID  string `json:"span_id"`
}

func (s *memSink) records(t *testing.T) []record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []record
	for _, l := range s.lines {
		var r record
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatalf("record %q: %v", l, err)
		}
		out = append(out, r)
	}
	return out
}

const dna = "ACGTACGTACGTACGTACGTACGT"

func TestSpansMetricsAndLogIDsReachACollector(t *testing.T) {
	rcv := startReceiver(t, "", false)
	t.Setenv(tracing.EndpointEnv, rcv.endpoint())
	ctx := context.Background()
	p, err := tracing.Setup(ctx, tracing.Options{Registry: events.Registry(), ServiceName: "genolewm-test", RunID: "run-trace-1"})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Enabled() {
		t.Fatal("provider disabled although the endpoint is set")
	}
	sink := &memSink{}
	logger, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-trace-1", Level: observe.Debug, Sinks: []observe.Sink{sink}})
	if err != nil {
		t.Fatal(err)
	}

	// training.step > (planning.cem.iter, inference.score), with a record
	// logged inside each span.
	sctx, step := startTrainingStep(p, ctx, 7)
	step.SetFloat("loss_pred", 0.25)
	step.SetString("phase", "phase1")
	step.SetString("sample_id", "S-1") // deny list
	step.SetInt("loss_pred", 3)        // registered as float: type rule
	step.SetFloat("made_up_key", 1)    // not registered
	if err := (events.TrainingStep{LossPred: 0.25}).Log(sctx, logger); err != nil {
		t.Fatal(err)
	}
	cctx, cem := p.Start(sctx, span("planning.cem.iter"))
	if err := (events.DataCacheMiss{Cache: "tokenizer", KeyHash: "9f2c01"}).Log(cctx, logger); err != nil {
		t.Fatal(err)
	}
	cem.End()
	ictx, score := p.Start(sctx, span("inference.score"))
	score.SetString("model", "genolewm-small")
	score.SetString("consequence", dna)     // DNA rule
	score.SetString("variant_id", "v:9f2c") // registered, but local only
	score.Fail("InferenceError.InvalidVariant")
	if err := (events.InferenceScoreStart{VariantID: "v:9f2c", Model: "genolewm-small"}).Log(ictx, logger); err != nil {
		t.Fatal(err)
	}
	score.End()
	step.End()

	meters.TrainingStepDuration.Observe(412)
	meters.DataCacheHit.Inc()

	if err := p.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	st := p.Stats()
	if st.SpansEnded != 3 || st.SpansExported != 3 || st.SpansDropped() != 0 {
		t.Errorf("stats %+v: want 3 spans ended and exported, none dropped", st)
	}
	if st.AttributesDropped != 5 {
		t.Errorf("AttributesDropped = %d, want 5 (deny, type, allowlist, dna, local-only)", st.AttributesDropped)
	}

	spans := rcv.receivedSpans()
	byName := map[string]*tracepb.Span{}
	for _, s := range spans {
		byName[s.Name] = s
	}
	root, cemS, scoreS := byName["training.step"], byName["planning.cem.iter"], byName["inference.score"]
	if len(spans) != 3 || root == nil || cemS == nil || scoreS == nil {
		t.Fatalf("received %d spans %v, want training.step, planning.cem.iter, inference.score", len(spans), slices.Collect(mapKeys(byName)))
	}
	if len(root.ParentSpanId) != 0 {
		t.Errorf("training.step has parent %x, want a root span", root.ParentSpanId)
	}
	for _, c := range []*tracepb.Span{cemS, scoreS} {
		if !bytes.Equal(c.ParentSpanId, root.SpanId) || !bytes.Equal(c.TraceId, root.TraceId) {
			t.Errorf("%s: parent %x trace %x, want parent %x trace %x", c.Name, c.ParentSpanId, c.TraceId, root.SpanId, root.TraceId)
		}
	}

	ra := attrMap(root.Attributes)
	if ra["step"].GetIntValue() != 7 || ra["loss_pred"].GetDoubleValue() != 0.25 || ra["phase"].GetStringValue() != "phase1" || len(ra) != 3 {
		t.Errorf("training.step attributes %v, want exactly step=7 loss_pred=0.25 phase=phase1", root.Attributes)
	}
	sa := attrMap(scoreS.Attributes)
	if sa["model"].GetStringValue() != "genolewm-small" || sa["error_code"].GetStringValue() != "InferenceError.InvalidVariant" || len(sa) != 2 {
		t.Errorf("inference.score attributes %v, want exactly model and error_code", scoreS.Attributes)
	}
	if scoreS.Status.GetCode() != tracepb.Status_STATUS_CODE_ERROR || scoreS.Status.GetMessage() != "InferenceError.InvalidVariant" {
		t.Errorf("inference.score status %v, want error with the registered code name", scoreS.Status)
	}
	res := attrMap(rcv.resource)
	if res["service.name"].GetStringValue() != "genolewm-test" || res["run_id"].GetStringValue() != "run-trace-1" {
		t.Errorf("resource %v, want service.name and run_id", rcv.resource)
	}

	// Every record logged inside a span carries that span's ids.
	want := map[string]*tracepb.Span{"training.step": root, "data.cache.miss": cemS, "inference.score.start": scoreS}
	recs := sink.records(t)
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for _, r := range recs {
		s := want[r.Event]
		if s == nil {
			t.Errorf("unexpected record %s", r.Event)
			continue
		}
		if r.TraceID != hexID(s.TraceId) || r.SpanID != hexID(s.SpanId) {
			t.Errorf("%s record: trace_id %s span_id %s, want %s %s (span %s)", r.Event, r.TraceID, r.SpanID, hexID(s.TraceId), hexID(s.SpanId), s.Name)
		}
	}

	checkMetrics(t, rcv.receivedMetrics())
}

// checkMetrics asserts that only registered metrics arrived, with their
// registered units, and that recorded values made it.
func checkMetrics(t *testing.T, got []*metricspb.Metric) {
	t.Helper()
	registered := map[string]string{}
	for _, f := range schema.Families(events.Registry()) {
		registered[f.Desc().Name] = f.Desc().UCUM
	}
	if len(got) == 0 {
		t.Fatal("no metrics arrived")
	}
	seen := map[string]*metricspb.Metric{}
	for _, m := range got {
		unit, ok := registered[m.Name]
		if !ok {
			t.Errorf("metric %q is not registered", m.Name)
		}
		if m.Unit != unit {
			t.Errorf("metric %s unit %q, want %q", m.Name, m.Unit, unit)
		}
		seen[m.Name] = m
	}
	h := seen["geno_lewm.training.step.duration"].GetHistogram()
	if h == nil || len(h.DataPoints) != 1 || h.DataPoints[0].Count < 1 || h.DataPoints[0].Sum == nil || *h.DataPoints[0].Sum < 412 {
		t.Errorf("geno_lewm.training.step.duration = %v, want a histogram holding the 412 ms observation", h)
	} else if want := schema.Families(events.Registry())[0].Desc().Buckets; !slices.Equal(h.DataPoints[0].ExplicitBounds, want) {
		t.Errorf("bounds %v, want the registry's %v", h.DataPoints[0].ExplicitBounds, want)
	}
	c := seen["geno_lewm.data.cache.hit"].GetSum()
	if c == nil || !c.IsMonotonic || len(c.DataPoints) != 1 || c.DataPoints[0].GetAsInt() < 1 {
		t.Errorf("geno_lewm.data.cache.hit = %v, want a monotonic sum >= 1", c)
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func registeredMetricNames() map[string]bool {
	names := map[string]bool{}
	for _, f := range schema.Families(events.Registry()) {
		names[f.Desc().Name] = true
	}
	return names
}

// Options.Endpoint (a -flag resolved by obsconfig) opts in on its own and
// points both exporters at the collector.
func TestEndpointOptionOptsIn(t *testing.T) {
	unsetEnv(t, tracing.EndpointEnv)
	rcv := startReceiver(t, "", false)
	p, err := tracing.Setup(context.Background(), tracing.Options{Registry: events.Registry(), Endpoint: rcv.endpoint()})
	if err != nil {
		t.Fatal(err)
	}
	_, s := p.Start(context.Background(), span("planning.cem.iter"))
	s.End()
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rcv.receivedSpans(); len(got) != 1 || got[0].Name != "planning.cem.iter" {
		t.Errorf("received %v, want one planning.cem.iter span", got)
	}
	if len(rcv.receivedMetrics()) == 0 {
		t.Error("no metrics arrived")
	}
}
