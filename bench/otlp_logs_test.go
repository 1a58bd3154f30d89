package bench

// The per-record cost of logging with the OTLP log sink on (docs/perf.md,
// "## OTLP log sink"): the same typed record through a session that writes
// the file only, and through one that also exports every record over
// OTLP/gRPC to a real receiver on 127.0.0.1 in this process (so its
// conversion and export goroutines compete for the same cores, as in a
// host). delivered is the share of records the receiver got: the sink's
// queue drops what the exporter cannot keep up with, never waits.

import (
	"context"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	colllogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/grpc"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// countingLogs is an OTLP logs service that counts and forgets.
type countingLogs struct {
	colllogspb.UnimplementedLogsServiceServer
	n atomic.Int64
}

func (c *countingLogs) Export(_ context.Context, req *colllogspb.ExportLogsServiceRequest) (*colllogspb.ExportLogsServiceResponse, error) {
	for _, rl := range req.ResourceLogs {
		for _, sl := range rl.ScopeLogs {
			c.n.Add(int64(len(sl.LogRecords)))
		}
	}
	return &colllogspb.ExportLogsServiceResponse{}, nil
}

func startLogsReceiver(b *testing.B) (string, *countingLogs) {
	b.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := grpc.NewServer()
	c := &countingLogs{}
	colllogspb.RegisterLogsServiceServer(srv, c)
	go srv.Serve(lis)
	b.Cleanup(srv.Stop)
	return "http://" + lis.Addr().String(), c
}

// cd bench && go test -run '^$' -bench BenchmarkLogRecordOTLP -benchmem -count 5 .
func BenchmarkLogRecordOTLP(b *testing.B) {
	for _, tc := range []struct {
		name string
		otlp bool
	}{{"sink=file", false}, {"sink=file+otlp", true}} {
		b.Run(tc.name, func(b *testing.B) {
			os.Unsetenv("OTEL_EXPORTER_OTLP_ENDPOINT")
			cfg := observe.DefaultConfig()
			cfg.LogDir, cfg.RunID, cfg.MetricsInterval = b.TempDir(), "run-bench", time.Hour
			var rcv *countingLogs
			if tc.otlp {
				cfg.OTLPEndpoint, rcv = startLogsReceiver(b)
			}
			ctx := context.Background()
			s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
			if err != nil {
				b.Fatal(err)
			}
			rec := events.TrainingMetric{Metric: "val_auroc", Value: 0.8125}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				_ = rec.Log(ctx, s.Log)
			}
			b.StopTimer()
			_ = s.Close(ctx)
			if rcv != nil {
				reportDelivery(b, rcv, start)
			}
		})
	}
	// The peer: the OpenTelemetry log SDK used directly, with its
	// BatchProcessor and the same exporter, emitting the same event (no
	// local file, no filter).
	b.Run("otel-sdk", func(b *testing.B) {
		endpoint, rcv := startLogsReceiver(b)
		ctx := context.Background()
		exp, err := otlploggrpc.New(ctx, otlploggrpc.WithEndpointURL(endpoint))
		if err != nil {
			b.Fatal(err)
		}
		lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(exp)))
		logger := lp.Logger("bench")
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		for b.Loop() {
			var r otellog.Record
			r.SetTimestamp(time.Now())
			r.SetEventName("training.metric")
			r.SetSeverity(otellog.SeverityInfo)
			r.SetSeverityText("info")
			r.AddAttributes(attribute.String("metric", "val_auroc"), attribute.Float64("value", 0.8125))
			logger.Emit(ctx, r)
		}
		b.StopTimer()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = lp.Shutdown(sctx)
		reportDelivery(b, rcv, start)
	})
}

// reportDelivery reports the share of records the receiver got and how
// many it got per second of the run (the export throughput under a
// burst).
func reportDelivery(b *testing.B, rcv *countingLogs, start time.Time) {
	n := float64(rcv.n.Load())
	b.ReportMetric(100*n/float64(b.N), "delivered%")
	b.ReportMetric(n/time.Since(start).Seconds(), "exported/s")
}
