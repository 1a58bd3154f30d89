package registrye2e_test

import (
	"context"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/genolewm/obs/internal/collectortest"
	"github.com/genolewm/obs/internal/testenv"
)

// runtimeExport runs examples/simulate (training, evaluation, inference and
// provenance through the real runtime) with OTLP export to a collector
// without the processor, and returns what it received: the Go runtime's
// own logs, spans and metrics, request by request.
func runtimeExport(t *testing.T) collectortest.Output {
	t.Helper()
	bin := testenv.GoBuild(t, "github.com/genolewm/obs/examples/simulate")
	plain := collectortest.Start(t, collectortest.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-steps", "60")
	cmd.Env = append(plain.Env(), "GENO_LEWM_LOG_DIR="+t.TempDir(), "GENO_LEWM_LOG_LEVEL=debug", "GENO_LEWM_METRICS_INTERVAL_S=1", "PATH=/usr/bin:/bin")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("simulate: %v\n%s", err, out)
	}
	plain.Stop()
	out := plain.Output(t)
	if len(out.LogRecords()) < 20 || len(out.Spans()) < 10 || len(out.MetricPoints()) < 20 {
		t.Fatalf("the runtime exported %d log records, %d spans, %d metric points; want every signal", len(out.LogRecords()), len(out.Spans()), len(out.MetricPoints()))
	}
	return out
}

// replay sends every request of out to c, as it was received.
func replay(t *testing.T, c *collectortest.Collector, out collectortest.Output) {
	t.Helper()
	cl := dial(t, c)
	for _, ld := range out.Logs {
		cl.logs(ld)
	}
	for _, td := range out.Traces {
		cl.traces(td)
	}
	for _, md := range out.Metrics {
		cl.metrics(md)
	}
}

// TestGoRuntimeExport: the Go runtime's own export passes the strict
// processor unchanged, record for record, span for span, point for point;
// and each violation injected into it at the OTLP level is removed, and
// only it.
func TestGoRuntimeExport(t *testing.T) {
	sent := runtimeExport(t)

	strict := registry(t, "strict")
	replay(t, strict, sent)
	strict.Stop()
	got := strict.Output(t)
	if !reflect.DeepEqual(got.LogRecords(), sent.LogRecords()) {
		t.Errorf("log records changed: %d sent, %d passed", len(sent.LogRecords()), len(got.LogRecords()))
	}
	if !reflect.DeepEqual(got.Spans(), sent.Spans()) {
		t.Errorf("spans changed: %d sent, %d passed", len(sent.Spans()), len(got.Spans()))
	}
	if !reflect.DeepEqual(got.MetricPoints(), sent.MetricPoints()) {
		t.Errorf("metric points changed: %d sent, %d passed", len(sent.MetricPoints()), len(got.MetricPoints()))
	}

	injected, n := inject(sent)
	if n != 3 {
		t.Fatalf("%d violations injected, want 3", n)
	}
	strict2 := registry(t, "strict")
	replay(t, strict2, injected)
	strict2.Stop()
	got = strict2.Output(t)
	if n, want := len(got.LogRecords()), len(sent.LogRecords())-1; n != want {
		t.Errorf("log records: %d passed, want %d (all but the one with the injected attribute)", n, want)
	}
	if n, want := len(got.Spans()), len(sent.Spans()); n != want {
		t.Errorf("spans: %d passed, want %d (all but the unregistered one)", n, want)
	}
	if n, want := len(got.MetricPoints()), len(sent.MetricPoints()); n != want {
		t.Errorf("metric points: %d passed, want %d (all but the unregistered series)", n, want)
	}
	for _, l := range leaks(got) {
		t.Errorf("leak: %s", l)
	}
	for _, s := range got.Spans() {
		if s.Name == "http.get" {
			t.Error("the unregistered span passed")
		}
	}
}

// inject copies out and adds, at the OTLP level, one log record attribute
// holding DNA (under a key no event registers), one unregistered span and one data point of a series
// outside the registry.
func inject(out collectortest.Output) (collectortest.Output, int) {
	var in collectortest.Output
	n := 0
	for i, ld := range out.Logs {
		c := plog.NewLogs()
		ld.CopyTo(c)
		if i == 0 {
			lr := c.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
			lr.Attributes().PutStr("note", "read GATTACAGCTTGACCGTANGCATG")
			n++
		}
		in.Logs = append(in.Logs, c)
	}
	for i, td := range out.Traces {
		c := ptrace.NewTraces()
		td.CopyTo(c)
		if i == 0 {
			s := c.ResourceSpans().At(0).ScopeSpans().At(0).Spans().AppendEmpty()
			s.SetName("http.get")
			s.SetTraceID(pcommon.TraceID([16]byte{9}))
			s.SetSpanID(pcommon.SpanID([8]byte{9}))
			n++
		}
		in.Traces = append(in.Traces, c)
	}
	for i, md := range out.Metrics {
		c := pmetric.NewMetrics()
		md.CopyTo(c)
		if i == 0 {
			for _, m := range c.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().All() {
				if m.Name() == "geno_lewm.errors.raised" && n < 3 {
					n++
					p := m.Sum().DataPoints().AppendEmpty()
					p.Attributes().PutStr("code", "Made.Up")
					p.SetIntValue(1)
				}
			}
		}
		in.Metrics = append(in.Metrics, c)
	}
	return in, n
}
