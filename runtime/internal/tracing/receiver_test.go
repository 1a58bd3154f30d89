package tracing_test

import (
	"context"
	"encoding/hex"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	colllogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	collmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	colltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
)

// receiver is a real OTLP/gRPC collector endpoint on 127.0.0.1: the
// trace and metrics services of go.opentelemetry.io/proto/otlp, storing
// what they receive. With hang set, every export blocks until the
// client gives up (a collector that never answers).
type receiver struct {
	addr string
	srv  *grpc.Server
	hang bool

	mu       sync.Mutex
	spans    []*tracepb.Span
	resource []*commonpb.KeyValue
	metrics  []*metricspb.Metric
	logs     []*logspb.LogRecord
	logRes   []*commonpb.KeyValue
	calls    atomic.Int64
}

type logsService struct {
	colllogspb.UnimplementedLogsServiceServer
	r *receiver
}

func (s logsService) Export(ctx context.Context, req *colllogspb.ExportLogsServiceRequest) (*colllogspb.ExportLogsServiceResponse, error) {
	s.r.calls.Add(1)
	if s.r.hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	for _, rl := range req.ResourceLogs {
		s.r.logRes = rl.GetResource().GetAttributes()
		for _, sl := range rl.ScopeLogs {
			s.r.logs = append(s.r.logs, sl.LogRecords...)
		}
	}
	return &colllogspb.ExportLogsServiceResponse{}, nil
}

func (r *receiver) receivedLogs() ([]*logspb.LogRecord, []*commonpb.KeyValue) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*logspb.LogRecord(nil), r.logs...), r.logRes
}

type traceService struct {
	colltracepb.UnimplementedTraceServiceServer
	r *receiver
}

type metricsService struct {
	collmetricspb.UnimplementedMetricsServiceServer
	r *receiver
}

func (s traceService) Export(ctx context.Context, req *colltracepb.ExportTraceServiceRequest) (*colltracepb.ExportTraceServiceResponse, error) {
	s.r.calls.Add(1)
	if s.r.hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	for _, rs := range req.ResourceSpans {
		s.r.resource = rs.GetResource().GetAttributes()
		for _, ss := range rs.ScopeSpans {
			s.r.spans = append(s.r.spans, ss.Spans...)
		}
	}
	return &colltracepb.ExportTraceServiceResponse{}, nil
}

func (s metricsService) Export(ctx context.Context, req *collmetricspb.ExportMetricsServiceRequest) (*collmetricspb.ExportMetricsServiceResponse, error) {
	s.r.calls.Add(1)
	if s.r.hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	for _, rm := range req.ResourceMetrics {
		for _, sm := range rm.ScopeMetrics {
			s.r.metrics = append(s.r.metrics, sm.Metrics...)
		}
	}
	return &collmetricspb.ExportMetricsServiceResponse{}, nil
}

// startReceiver serves on 127.0.0.1:0 (or addr) until the test ends.
func startReceiver(t testing.TB, addr string, hang bool) *receiver {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	r := &receiver{addr: lis.Addr().String(), srv: grpc.NewServer(), hang: hang}
	colltracepb.RegisterTraceServiceServer(r.srv, traceService{r: r})
	collmetricspb.RegisterMetricsServiceServer(r.srv, metricsService{r: r})
	colllogspb.RegisterLogsServiceServer(r.srv, logsService{r: r})
	done := make(chan struct{})
	go func() { defer close(done); _ = r.srv.Serve(lis) }()
	t.Cleanup(func() { r.stop(); <-done })
	return r
}

// endpoint is the OTEL_EXPORTER_OTLP_ENDPOINT value for r (plaintext).
func (r *receiver) endpoint() string { return "http://" + r.addr }

// stop closes every connection and ends every pending call.
func (r *receiver) stop() { r.srv.Stop() }

func (r *receiver) receivedSpans() []*tracepb.Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*tracepb.Span(nil), r.spans...)
}

func (r *receiver) receivedMetrics() []*metricspb.Metric {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*metricspb.Metric(nil), r.metrics...)
}

// waitSpans polls until at least n spans arrived or the (generous)
// deadline passes; it is a liveness bound, not a timing assertion.
func (r *receiver) waitSpans(t testing.TB, n int) []*tracepb.Span {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := r.receivedSpans()
		if len(s) >= n || time.Now().After(deadline) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// connCounter is a plain TCP listener that counts the connections made
// to it and closes them: anything that phones home shows up here.
type connCounter struct {
	lis net.Listener
	n   atomic.Int64
}

func listenCounting(t testing.TB, addr string) *connCounter {
	t.Helper()
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	c := &connCounter{lis: lis}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := lis.Accept()
			if err != nil {
				return
			}
			c.n.Add(1)
			conn.Close()
		}
	}()
	t.Cleanup(func() { lis.Close(); <-done })
	return c
}

func (c *connCounter) addr() string { return c.lis.Addr().String() }

func hexID(b []byte) string { return hex.EncodeToString(b) }

func attrMap(kvs []*commonpb.KeyValue) map[string]*commonpb.AnyValue {
	m := make(map[string]*commonpb.AnyValue, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}
