package bench

// Tracing benchmarks (docs/perf.md, "## Tracing"): the host-side cost of
// a span around an empty function, through runtime/tracing and through
// the OpenTelemetry SDK used directly, with export off and on. "On"
// batches to a real OTLP/gRPC receiver on 127.0.0.1 in this process, so
// the export goroutine competes for the same cores, as it would in a
// host; spans the bounded queue could not take are dropped, never
// waited for, and reported as dropped/op.

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
	colltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"

	"github.com/genolewm/obs/runtime/tracing"
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
	go srv.Serve(lis)
	b.Cleanup(srv.Stop)
	return "http://" + lis.Addr().String()
}

func setupTracing(b *testing.B, endpoint string) *tracing.Provider {
	b.Helper()
	os.Unsetenv(tracing.EndpointEnv)
	p, err := tracing.Setup(context.Background(), tracing.Options{RunID: "bench", Endpoint: endpoint})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Shutdown(context.Background()) })
	return p
}

func BenchmarkTracingSpanOff(b *testing.B) {
	p := setupTracing(b, "")
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, s := p.StartTrainingStep(ctx, int64(i))
		emptyWork(c)
		s.End()
	}
}

func BenchmarkTracingSpanOn(b *testing.B) {
	p := setupTracing(b, startCollector(b))
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, s := p.StartTrainingStep(ctx, int64(i))
		emptyWork(c)
		s.End()
	}
	b.StopTimer()
	p.Shutdown(context.Background())
	b.ReportMetric(float64(p.Stats().SpansDropped())/float64(b.N), "dropped/op")
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
