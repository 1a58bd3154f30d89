package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/pmetric/pmetricotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"

	"github.com/genolewm/obs/internal/otlprules"
)

type otlpOptions struct {
	addr        string
	maxRecords  int64
	timeout     time.Duration
	format      string
	full        bool
	maxFindings int
	loc         registryFlags
}

// stopGrace bounds the wait for requests in flight once live-check stops.
const stopGrace = 5 * time.Second

// liveCheckOTLP is `obsgen live-check -otlp ADDR`: a small OTLP/gRPC
// receiver that checks what it receives with the registry processor's
// rules in report mode, and prints the report when it stops.
func liveCheckOTLP(o otlpOptions, stdout, stderr io.Writer) int {
	if !loopback(o.addr) {
		fmt.Fprintln(stderr, "obsgen live-check: -otlp takes a loopback address (127.0.0.1:PORT, [::1]:PORT or localhost:PORT): live-check is a developer's receiver, not a collector")
		return 2
	}
	reg, err := o.loc.load()
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "obsgen live-check: the registry is invalid; fix it first")
		return 2
	}
	table, err := otlprules.Compile(otlprules.SpecFromRegistry(reg))
	if err != nil {
		fmt.Fprintln(stderr, "obsgen live-check:", err)
		return 2
	}
	engine, err := otlprules.NewEngine(table, otlprules.Options{Mode: otlprules.Report, EventNameAttribute: "event.name"})
	if err != nil {
		fmt.Fprintln(stderr, "obsgen live-check:", err)
		return 2
	}
	// Catch the signals before saying where to send: a developer (or a
	// test) who stops live-check right after sending must get the report.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintln(stderr, "obsgen live-check: -otlp:", err)
		return 2
	}
	r := &otlpReceiver{engine: engine, report: otlprules.NewTrafficReport(table, o.maxFindings), max: o.maxRecords, full: make(chan struct{})}
	srv := grpc.NewServer()
	plogotlp.RegisterGRPCServer(srv, &logsServer{r: r})
	ptraceotlp.RegisterGRPCServer(srv, &tracesServer{r: r})
	pmetricotlp.RegisterGRPCServer(srv, &metricsServer{r: r})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "obsgen live-check: receiving OTLP/gRPC on %s; point an exporter at OTEL_EXPORTER_OTLP_ENDPOINT=http://%s; stop with Ctrl-C\n", ln.Addr(), ln.Addr())

	var deadline <-chan time.Time
	if o.timeout > 0 {
		deadline = time.After(o.timeout)
	}
	why := ""
	select {
	case <-ctx.Done():
		why = "stopped by a signal"
	case <-r.full:
		why = fmt.Sprintf("received %d records", o.maxRecords)
	case <-deadline:
		why = "timed out after " + o.timeout.String()
	case err := <-served:
		fmt.Fprintln(stderr, "obsgen live-check: the receiver stopped:", err)
		return 2
	}
	graceful := make(chan struct{})
	go func() { srv.GracefulStop(); close(graceful) }()
	select {
	case <-graceful:
	case <-time.After(stopGrace):
		srv.Stop()
	}
	fmt.Fprintf(stderr, "obsgen live-check: %s; %d records checked\n", why, r.records.Load())
	return writeReport(r.report.Snapshot(o.full), o.format, stdout, stderr)
}

// loopback reports whether addr's host is a loopback address.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// otlpReceiver checks each request it receives.
type otlpReceiver struct {
	engine  *otlprules.Engine
	report  *otlprules.TrafficReport
	max     int64
	records atomic.Int64
	full    chan struct{}
	once    sync.Once
}

// received counts n records and signals when the limit is reached.
func (r *otlpReceiver) received(n int) {
	if total := r.records.Add(int64(n)); r.max > 0 && total >= r.max {
		r.once.Do(func() { close(r.full) })
	}
}

type logsServer struct {
	plogotlp.UnimplementedGRPCServer
	r *otlpReceiver
}

func (s *logsServer) Export(_ context.Context, req plogotlp.ExportRequest) (plogotlp.ExportResponse, error) {
	ld := req.Logs()
	s.r.engine.Logs(ld, s.r.report.Request(otlprules.Logs, (&plog.ProtoMarshaler{}).LogsSize(ld)))
	s.r.received(ld.LogRecordCount())
	return plogotlp.NewExportResponse(), nil
}

type tracesServer struct {
	ptraceotlp.UnimplementedGRPCServer
	r *otlpReceiver
}

func (s *tracesServer) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	td := req.Traces()
	s.r.engine.Traces(td, s.r.report.Request(otlprules.Traces, (&ptrace.ProtoMarshaler{}).TracesSize(td)))
	s.r.received(td.SpanCount())
	return ptraceotlp.NewExportResponse(), nil
}

type metricsServer struct {
	pmetricotlp.UnimplementedGRPCServer
	r *otlpReceiver
}

func (s *metricsServer) Export(_ context.Context, req pmetricotlp.ExportRequest) (pmetricotlp.ExportResponse, error) {
	md := req.Metrics()
	s.r.engine.Metrics(md, s.r.report.Request(otlprules.Metrics, (&pmetric.ProtoMarshaler{}).MetricsSize(md)))
	s.r.received(md.DataPointCount())
	return pmetricotlp.NewExportResponse(), nil
}
