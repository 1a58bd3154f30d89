package collectortest_test

import (
	"context"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/internal/collectortest"
)

// exportTimeout bounds every SDK call that talks to the collector.
const exportTimeout = 30 * time.Second

// pointSDKAt sends the OTLP exporters to c the way a child process would
// be told: through the standard environment variables of c.Env(), with
// nothing from the developer's own environment in the way.
func pointSDKAt(t *testing.T, c *collectortest.Collector) {
	t.Helper()
	for _, name := range []string{"OTEL_RESOURCE_ATTRIBUTES", "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"} {
		t.Setenv(name, "")
	}
	for _, kv := range c.Env() {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
}

var testResource = resource.NewSchemaless(
	attribute.String("service.name", "collectortest"),
	attribute.Int("rank", 3),
)

func wantResource() map[string]any {
	return map[string]any{"service.name": "collectortest", "rank": int64(3)}
}

// emitLog sends one record through the official log SDK and OTLP/gRPC
// exporter, and shuts the provider down (which flushes it).
func emitLog(ctx context.Context, t *testing.T, rec otellog.Record) {
	t.Helper()
	exp, err := otlploggrpc.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	provider := sdklog.NewLoggerProvider(sdklog.WithResource(testResource), sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
	provider.Logger("collectortest.logs", otellog.WithInstrumentationVersion("1.2.3")).Emit(ctx, rec)
	if err := provider.Shutdown(ctx); err != nil {
		t.Fatalf("log export: %v", err)
	}
}

// sendEvent sends one INFO record named event (with a string body unless
// body is "") to c through the SDK, pointed at c by its environment.
func sendEvent(t *testing.T, c *collectortest.Collector, event, body string) {
	t.Helper()
	pointSDKAt(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	var rec otellog.Record
	rec.SetEventName(event)
	rec.SetSeverity(otellog.SeverityInfo)
	if body != "" {
		rec.SetBody(attribute.StringValue(body))
	}
	emitLog(ctx, t, rec)
}

func TestSDKSignalsArriveIntact(t *testing.T) {
	c := collectortest.Start(t, collectortest.Options{})
	pointSDKAt(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()

	traceExp, err := otlptracegrpc.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tracerProvider := sdktrace.NewTracerProvider(sdktrace.WithResource(testResource), sdktrace.WithSyncer(traceExp))
	spanCtx, span := tracerProvider.Tracer("collectortest.traces").Start(ctx, "train.step",
		trace.WithAttributes(attribute.Int64("step", 7), attribute.String("phase", "forward")))
	span.AddEvent("checkpoint", trace.WithAttributes(attribute.Bool("saved", true)))

	when := time.Date(2026, 5, 20, 12, 0, 0, 123456789, time.UTC)
	var rec otellog.Record
	rec.SetTimestamp(when)
	rec.SetEventName("data.batch_loaded")
	rec.SetSeverity(otellog.SeverityWarn)
	rec.SetSeverityText("WARN")
	rec.SetBody(attribute.StringValue("batch loaded"))
	rec.AddAttributes(
		attribute.Int64("batch_size", 32),
		attribute.Float64("loss", 0.25),
		attribute.Bool("cached", true),
		attribute.String("error_code", "E_DATA_001"),
		attribute.Slice("shards", attribute.Int64Value(1), attribute.Int64Value(2)),
	)
	emitLog(spanCtx, t, rec)
	span.End()
	if err := tracerProvider.Shutdown(ctx); err != nil {
		t.Fatalf("trace export: %v", err)
	}

	sendMetrics(ctx, t, c)

	c.WaitOutput(t, exportTimeout, func(o collectortest.Output) bool {
		return len(o.LogRecords()) >= 1 && len(o.Spans()) >= 1 && len(o.MetricPoints()) >= 2
	})
	c.Stop()
	// After a graceful stop the file holds exactly what was sent.
	out := c.Output(t)

	sc := span.SpanContext()
	wantLog := collectortest.LogRecord{
		Resource:       wantResource(),
		Scope:          collectortest.Scope{Name: "collectortest.logs", Version: "1.2.3", Attributes: map[string]any{}},
		EventName:      "data.batch_loaded",
		SeverityNumber: int32(otellog.SeverityWarn),
		SeverityText:   "WARN",
		Body:           "batch loaded",
		Attributes: map[string]any{
			"batch_size": int64(32), "loss": 0.25, "cached": true, "error_code": "E_DATA_001",
			"shards": []any{int64(1), int64(2)},
		},
		TraceID: sc.TraceID().String(),
		SpanID:  sc.SpanID().String(),
		Time:    when,
	}
	if got := out.LogRecords(); len(got) != 1 || !reflect.DeepEqual(got[0], wantLog) {
		t.Errorf("log records:\n got %#v\nwant [%#v]", got, wantLog)
	}

	spans := out.Spans()
	if len(spans) != 1 {
		t.Fatalf("spans: got %d, want 1: %#v", len(spans), spans)
	}
	gotSpan := spans[0]
	wantSpan := collectortest.Span{
		Resource:   wantResource(),
		Scope:      collectortest.Scope{Name: "collectortest.traces", Attributes: map[string]any{}},
		Name:       "train.step",
		Kind:       "Internal",
		TraceID:    sc.TraceID().String(),
		SpanID:     sc.SpanID().String(),
		Attributes: map[string]any{"step": int64(7), "phase": "forward"},
		Events:     []collectortest.SpanEvent{{Name: "checkpoint", Attributes: map[string]any{"saved": true}}},
		StatusCode: "Unset",
	}
	if !reflect.DeepEqual(gotSpan, wantSpan) {
		t.Errorf("span:\n got %#v\nwant %#v", gotSpan, wantSpan)
	}

	points := map[string]collectortest.MetricPoint{}
	for _, p := range out.MetricPoints() {
		if _, dup := points[p.Name]; dup {
			t.Errorf("metric %s: more than one point", p.Name)
		}
		points[p.Name] = p
	}
	metricScope := collectortest.Scope{Name: "collectortest.metrics", Attributes: map[string]any{}}
	wantSamples := collectortest.MetricPoint{
		Resource: wantResource(), Scope: metricScope,
		Name: "data.samples", Unit: "{sample}", Type: "Sum", Monotonic: true, Temporality: "Cumulative",
		Attributes: map[string]any{"split": "train"}, Value: 7, IntValue: 7, IsInt: true,
	}
	if got := points["data.samples"]; !reflect.DeepEqual(got, wantSamples) {
		t.Errorf("counter:\n got %#v\nwant %#v", got, wantSamples)
	}
	wantDuration := collectortest.MetricPoint{
		Resource: wantResource(), Scope: metricScope,
		Name: "train.step.duration", Unit: "s", Type: "Histogram", Temporality: "Cumulative",
		Attributes: map[string]any{}, Count: 2, Sum: 3,
		BucketCounts: []uint64{1, 1, 0}, ExplicitBounds: []float64{1, 10},
	}
	if got := points["train.step.duration"]; !reflect.DeepEqual(got, wantDuration) {
		t.Errorf("histogram:\n got %#v\nwant %#v", got, wantDuration)
	}
	if len(points) != 2 {
		t.Errorf("metrics: got %d names, want 2: %v", len(points), points)
	}
}

// A collector flushing once an hour holds a received record only in its
// buffer: Stop (SIGTERM) writes it out, Kill (SIGKILL) loses it, and after
// Kill nothing listens on the port any more.
func TestStopFlushesKillDoesNot(t *testing.T) {
	for _, stop := range []string{"Stop", "Kill"} {
		t.Run(stop, func(t *testing.T) {
			c := collectortest.Start(t, collectortest.Options{FlushInterval: time.Hour})
			sendEvent(t, c, "run.stopped", "")
			if got := len(c.Output(t).LogRecords()); got != 0 {
				t.Fatalf("%d records in the file before the flush; the test cannot tell Stop from Kill", got)
			}
			if stop == "Stop" {
				c.Stop()
			} else {
				c.Kill()
			}
			if c.Running() {
				t.Fatal("collector still running")
			}
			want := map[string]int{"Stop": 1, "Kill": 0}[stop]
			if got := len(c.Output(t).LogRecords()); got != want {
				t.Errorf("after %s: %d records in the file, want %d", stop, got, want)
			}
			if conn, err := net.DialTimeout("tcp", c.Addr, time.Second); err == nil {
				_ = conn.Close()
				t.Errorf("after %s: %s still accepts connections", stop, c.Addr)
			}
		})
	}
}

// The generated configuration opens the receiver's loopback port and no
// other: no own-telemetry port for parallel collectors to collide on.
func TestOnlyTheReceiverListens(t *testing.T) {
	c := collectortest.Start(t, collectortest.Options{})
	if got, err := c.ListeningAddrs(); err != nil || !reflect.DeepEqual(got, []string{c.Addr}) {
		t.Errorf("listening on %v (%v), want only %s", got, err, c.Addr)
	}
}

func TestParallelCollectorsDoNotCollide(t *testing.T) {
	a := collectortest.Start(t, collectortest.Options{})
	b := collectortest.Start(t, collectortest.Options{})
	if a.Addr == b.Addr || a.OutPath == b.OutPath {
		t.Fatalf("two collectors share %s / %s", a.Addr, a.OutPath)
	}
	if !a.Running() || !b.Running() {
		t.Fatal("a collector exited")
	}
}
