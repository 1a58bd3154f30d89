package registryprocessor_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/genolewm/obs/tools/registryprocessor"
	"github.com/genolewm/obs/tools/registryprocessor/internal/metadata"
)

const seq = "GATTACAGCTTGACCGTANGCATG"

type pipelines struct {
	logs    processor.Logs
	traces  processor.Traces
	metrics processor.Metrics
	logSink *consumertest.LogsSink
	spans   *consumertest.TracesSink
	points  *consumertest.MetricsSink
	tel     *componenttest.Telemetry
}

// start creates the processor for every signal from one configuration, as
// the Collector does, and starts it.
func start(t *testing.T, cfg *registryprocessor.Config) *pipelines {
	t.Helper()
	f := registryprocessor.NewFactory()
	p := &pipelines{logSink: &consumertest.LogsSink{}, spans: &consumertest.TracesSink{}, points: &consumertest.MetricsSink{}, tel: componenttest.NewTelemetry()}
	set := processortest.NewNopSettings(metadata.Type)
	set.TelemetrySettings = p.tel.NewTelemetrySettings()
	ctx := context.Background()
	var err error
	if p.logs, err = f.CreateLogs(ctx, set, cfg, p.logSink); err != nil {
		t.Fatal(err)
	}
	if p.traces, err = f.CreateTraces(ctx, set, cfg, p.spans); err != nil {
		t.Fatal(err)
	}
	if p.metrics, err = f.CreateMetrics(ctx, set, cfg, p.points); err != nil {
		t.Fatal(err)
	}
	for _, c := range []component.Component{p.logs, p.traces, p.metrics} {
		if err := c.Start(ctx, componenttest.NewNopHost()); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { p.stop(t) })
	return p
}

func (p *pipelines) stop(t *testing.T) {
	t.Helper()
	for _, c := range []component.Component{p.logs, p.traces, p.metrics} {
		if err := c.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func config(mode string) *registryprocessor.Config {
	cfg := registryprocessor.NewFactory().CreateDefaultConfig().(*registryprocessor.Config)
	cfg.Mode = mode
	return cfg
}

// batch is a registered record, one with a deny-listed key and a DNA
// value, and an unregistered one.
func batch() plog.Logs {
	ld := plog.NewLogs()
	sl := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	for i, data := range []map[string]any{
		{"metric": "val_auroc", "value": 0.91},
		{"metric": seq, "value": 0.5, "sample_id": "NA12878"},
		{},
	} {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetEventName("training.metric")
		if i == 2 {
			lr.SetEventName("app.started")
		}
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		// In a fixed order (FromRaw follows the map's): the first rule
		// that trips is the one a refusal is counted under.
		for _, k := range []string{"metric", "value", "sample_id"} {
			if v, ok := data[k]; ok {
				_ = lr.Attributes().PutEmpty(k).FromRaw(v)
			}
		}
	}
	return ld
}

func TestModes(t *testing.T) {
	for mode, want := range map[string][]map[string]any{
		"strict":  {{"metric": "val_auroc", "value": 0.91}},
		"lenient": {{"metric": "val_auroc", "value": 0.91}, {"value": 0.5}},
		"report":  {{"metric": "val_auroc", "value": 0.91}, {"metric": seq, "value": 0.5, "sample_id": "NA12878"}, {}},
	} {
		t.Run(mode, func(t *testing.T) {
			cfg := config(mode)
			if mode == "report" {
				cfg.Report.Path = filepath.Join(t.TempDir(), "report.txt")
			}
			p := start(t, cfg)
			if err := p.logs.ConsumeLogs(context.Background(), batch()); err != nil {
				t.Fatal(err)
			}
			var got []map[string]any
			for _, ld := range p.logSink.AllLogs() {
				for _, rl := range ld.ResourceLogs().All() {
					for _, sl := range rl.ScopeLogs().All() {
						for _, lr := range sl.LogRecords().All() {
							got = append(got, lr.Attributes().AsRaw())
						}
					}
				}
			}
			if len(got) != len(want) {
				t.Fatalf("passed %v, want %v", got, want)
			}
			for i := range want {
				if len(got[i]) != len(want[i]) {
					t.Errorf("record %d: %v, want %v", i, got[i], want[i])
				}
			}
			if p.logs.Capabilities().MutatesData != (mode != "report") {
				t.Errorf("MutatesData %v", p.logs.Capabilities().MutatesData)
			}
		})
	}
}

// Every drop is counted by signal, item and rule; no attribute of the
// processor's telemetry holds what was sent.
func TestTelemetry(t *testing.T) {
	p := start(t, config("strict"))
	if err := p.logs.ConsumeLogs(context.Background(), batch()); err != nil {
		t.Fatal(err)
	}
	keys := sums(t, p.tel, metadata.MetricKeysDropped)
	refused := sums(t, p.tel, metadata.MetricItemsRefused)
	wantKeys := map[string]int64{"logs training.metric dna": 1, "logs training.metric deny": 1}
	wantRefused := map[string]int64{"logs training.metric dna": 1, "logs (unregistered) unregistered": 1}
	if !equal(keys, wantKeys) || !equal(refused, wantRefused) {
		t.Errorf("keys %v (want %v), refused %v (want %v)", keys, wantKeys, refused, wantRefused)
	}
	for set := range merge(keys, refused) {
		if strings.Contains(set, "sample_id") || strings.Contains(set, seq) || strings.Contains(set, "app.started") {
			t.Errorf("an attribute names what was sent: %s", set)
		}
	}
	// An empty batch after the processor is not sent on at all.
	ld := plog.NewLogs()
	lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.SetEventName("nope")
	before := len(p.logSink.AllLogs())
	if err := p.logs.ConsumeLogs(context.Background(), ld); err != nil {
		t.Fatal(err)
	}
	if len(p.logSink.AllLogs()) != before {
		t.Error("an empty batch was sent on")
	}
}

func sums(t *testing.T, tel *componenttest.Telemetry, name string) map[string]int64 {
	t.Helper()
	m, err := tel.GetMetric(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		get := func(k string) string { v, _ := dp.Attributes.Value(attribute.Key(k)); return v.AsString() }
		out[get("signal")+" "+get("item")+" "+get("rule")] += dp.Value
	}
	return out
}

func equal(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func merge(a, b map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range a {
		out[k] += v
	}
	for k, v := range b {
		out[k] += v
	}
	return out
}

func TestTracesAndMetrics(t *testing.T) {
	p := start(t, config("lenient"))
	td := ptrace.NewTraces()
	ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
	for _, name := range []string{"training.step", "http.get"} {
		s := ss.Spans().AppendEmpty()
		s.SetName(name)
		s.Attributes().PutInt("step", 3)
		s.Attributes().PutStr("host", "x")
	}
	if err := p.traces.ConsumeTraces(context.Background(), td); err != nil {
		t.Fatal(err)
	}
	if got := p.spans.SpanCount(); got != 1 {
		t.Fatalf("%d spans passed, want 1", got)
	}
	if a := p.spans.AllTraces()[0].ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes().AsRaw(); len(a) != 1 || a["step"] != int64(3) {
		t.Errorf("span attributes %v", a)
	}
	md := pmetric.NewMetrics()
	ms := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty().Metrics()
	for _, name := range []string{"geno_lewm.training.loss.pred", "app.qps"} {
		m := ms.AppendEmpty()
		m.SetName(name)
		m.SetUnit("1")
		m.SetEmptyGauge().DataPoints().AppendEmpty().SetDoubleValue(0.5)
	}
	if err := p.metrics.ConsumeMetrics(context.Background(), md); err != nil {
		t.Fatal(err)
	}
	if got := p.points.DataPointCount(); got != 1 {
		t.Errorf("%d points passed, want 1", got)
	}
}

// Report mode writes the live-check report at start, at each interval and
// at shutdown, with the coverage of every signal it saw.
func TestReportFile(t *testing.T) {
	cfg := config("report")
	cfg.Report.Path = filepath.Join(t.TempDir(), "live-check.txt")
	cfg.Report.Interval = 0
	p := start(t, cfg)
	if text, err := os.ReadFile(cfg.Report.Path); err != nil || !strings.Contains(string(text), "checked 0 OTLP signal(s)") {
		t.Fatalf("at start: %v\n%s", err, text)
	}
	if err := p.logs.ConsumeLogs(context.Background(), batch()); err != nil {
		t.Fatal(err)
	}
	p.stop(t)
	text, err := os.ReadFile(cfg.Report.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{": dna:", ": denied-key:", ": unregistered-event:", "events seen 1/", "checked 1 OTLP signal(s), 3 records"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(text), seq) || strings.Contains(string(text), "NA12878") {
		t.Errorf("the report shows a value:\n%s", text)
	}
	entries, _ := os.ReadDir(filepath.Dir(cfg.Report.Path))
	if len(entries) != 1 {
		t.Errorf("left %d files behind", len(entries))
	}
}

// A symlink planted at the report's path is replaced, never followed.
func TestReportReplacesASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config("report")
	cfg.Report.Path = filepath.Join(dir, "report.txt")
	if err := os.Symlink(target, cfg.Report.Path); err != nil {
		t.Fatal(err)
	}
	start(t, cfg)
	if text, _ := os.ReadFile(target); string(text) != "keep" {
		t.Errorf("the symlink's target was written: %q", text)
	}
	if fi, err := os.Lstat(cfg.Report.Path); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the report is not a regular file: %v", err)
	}
}

func TestReportPathUnwritable(t *testing.T) {
	cfg := config("report")
	cfg.Report.Path = filepath.Join(t.TempDir(), "missing", "report.txt")
	f := registryprocessor.NewFactory()
	lp, err := f.CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, &consumertest.LogsSink{})
	if err != nil {
		t.Fatal(err)
	}
	err = lp.Start(context.Background(), componenttest.NewNopHost())
	if err == nil || strings.Contains(err.Error(), "missing") {
		t.Errorf("start: %v; want an error that does not repeat the path", err)
	}
	_ = lp.Shutdown(context.Background())
}

// events_file and metrics_file enforce those files instead of the
// compiled registry; a broken registry stops the collector from starting.
func TestRegistryFiles(t *testing.T) {
	dir := t.TempDir()
	events, err := os.ReadFile("../../registry/events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := os.ReadFile("../../registry/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A registry that renames training.metric.
	events = []byte(strings.Replace(string(events), "name: training.metric\n", "name: training.scalar\n", 1))
	cfg := config("strict")
	cfg.EventsFile, cfg.MetricsFile = filepath.Join(dir, "events.yaml"), filepath.Join(dir, "metrics.yaml")
	if err := os.WriteFile(cfg.EventsFile, events, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.MetricsFile, metrics, 0o600); err != nil {
		t.Fatal(err)
	}
	p := start(t, cfg)
	ld := plog.NewLogs()
	sl := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	for _, name := range []string{"training.metric", "training.scalar"} {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetEventName(name)
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		_ = lr.Attributes().FromRaw(map[string]any{"metric": "m", "value": 1.0})
	}
	if err := p.logs.ConsumeLogs(context.Background(), ld); err != nil {
		t.Fatal(err)
	}
	if got := p.logSink.AllLogs(); len(got) != 1 || got[0].LogRecordCount() != 1 ||
		got[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).EventName() != "training.scalar" {
		t.Errorf("passed %d batches", len(got))
	}

	if err := os.WriteFile(cfg.EventsFile, []byte("version: 1.0.0\nevents: [{name: BAD}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := config("strict")
	bad.EventsFile, bad.MetricsFile = cfg.EventsFile, cfg.MetricsFile
	if _, err := registryprocessor.NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), bad, &consumertest.LogsSink{}); err == nil {
		t.Error("a broken registry was accepted")
	}
}
