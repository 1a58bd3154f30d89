package bench

// Tracing benchmarks (docs/perf.md, "## Tracing"): the host-side cost of
// a span around an empty function, through a session's StartSpan and through
// the OpenTelemetry SDK used directly, with export off and on. "On"
// batches to a real OTLP/gRPC receiver on 127.0.0.1 in this process, so
// the export goroutine competes for the same cores, as it would in a
// host; spans the bounded queue could not take are dropped, never
// waited for.

import (
	"context"
	"net"
	"os"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	colllogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

//go:noinline
func emptyWork(context.Context) {}

// discardCollector is an OTLP trace service that accepts and forgets.
type discardCollector struct {
	colltracepb.UnimplementedTraceServiceServer
}

func (discardCollector) Export(context.Context, *colltracepb.ExportTraceServiceRequest) (*colltracepb.ExportTraceServiceResponse, error) {
	return &colltracepb.ExportTraceServiceResponse{}, nil
}

// startCollector serves a discarding receiver on 127.0.0.1:0 and returns
// its endpoint URL.
func startCollector(b *testing.B) string {
	b.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := grpc.NewServer()
	colltracepb.RegisterTraceServiceServer(srv, discardCollector{})
	colllogspb.RegisterLogsServiceServer(srv, &countingLogs{})
	go srv.Serve(lis)
	b.Cleanup(srv.Stop)
	return "http://" + lis.Addr().String()
}

func setupTracing(b *testing.B, endpoint string) *observe.Session {
	b.Helper()
	os.Unsetenv("OTEL_EXPORTER_OTLP_ENDPOINT")
	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.RunID, cfg.OTLPEndpoint = b.TempDir(), "run-bench", endpoint
	s, err := observe.Start(context.Background(), events.Registry(), cfg, observe.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close(context.Background()) })
	return s
}

func BenchmarkTracingSpanOff(b *testing.B) {
	s := setupTracing(b, "")
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, sp := s.StartSpan(ctx, "training.step")
		sp.SetInt("step", int64(i))
		emptyWork(c)
		sp.End()
	}
}

func BenchmarkTracingSpanOn(b *testing.B) {
	s := setupTracing(b, startCollector(b))
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, sp := s.StartSpan(ctx, "training.step")
		sp.SetInt("step", int64(i))
		emptyWork(c)
		sp.End()
	}
}

// The OpenTelemetry API's no-op tracer: what "off" costs with the SDK's
// own answer to it.
func BenchmarkOTelNoopSpan(b *testing.B) {
	tr := noop.NewTracerProvider().Tracer("bench")
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, s := tr.Start(ctx, "training.step", trace.WithAttributes(attribute.Int64("step", int64(i))))
		emptyWork(c)
		s.End()
	}
}

// The SDK used directly: BatchSpanProcessor over otlptracegrpc to the
// same kind of receiver, with the same attribute.
func BenchmarkOTelSDKSpanOn(b *testing.B) {
	exp, err := otlptracegrpc.New(context.Background(), otlptracegrpc.WithEndpointURL(startCollector(b)))
	if err != nil {
		b.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))
	b.Cleanup(func() { tp.Shutdown(context.Background()) })
	tr := tp.Tracer("bench")
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, s := tr.Start(ctx, "training.step", trace.WithAttributes(attribute.Int64("step", int64(i))))
		emptyWork(c)
		s.End()
	}
}
