package collectortest_test

import (
	"context"
	"testing"

	collmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/genolewm/obs/internal/collectortest"
)

// sendMetrics exports a counter (cumulative int sum of 7 with split=train)
// and a histogram (0.5 and 2.5 over bounds 1, 10) in one OTLP/gRPC request.
// It speaks OTLP through the official protos rather than the metric SDK:
// obsmetric (INV-OBS-2) keeps the OpenTelemetry metric API, SDK and
// exporters inside runtime/internal/tracing, and the runtime's own OTLP
// metrics are what the end-to-end tests send through this harness.
func sendMetrics(ctx context.Context, t *testing.T, c *collectortest.Collector) {
	t.Helper()
	conn, err := grpc.NewClient(c.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	str := func(k, v string) *commonpb.KeyValue {
		return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
	}
	const start, now = 1_779_278_400_000_000_000, 1_779_278_401_000_000_000
	cumulative := metricspb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE
	sum := 3.0
	req := &collmetricspb.ExportMetricsServiceRequest{ResourceMetrics: []*metricspb.ResourceMetrics{{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{
			str("service.name", "collectortest"),
			{Key: "rank", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 3}}},
		}},
		ScopeMetrics: []*metricspb.ScopeMetrics{{
			Scope: &commonpb.InstrumentationScope{Name: "collectortest.metrics"},
			Metrics: []*metricspb.Metric{
				{Name: "data.samples", Unit: "{sample}", Data: &metricspb.Metric_Sum{Sum: &metricspb.Sum{
					AggregationTemporality: cumulative, IsMonotonic: true,
					DataPoints: []*metricspb.NumberDataPoint{{
						Attributes:        []*commonpb.KeyValue{str("split", "train")},
						StartTimeUnixNano: start, TimeUnixNano: now,
						Value: &metricspb.NumberDataPoint_AsInt{AsInt: 7},
					}},
				}}},
				{Name: "train.step.duration", Unit: "s", Data: &metricspb.Metric_Histogram{Histogram: &metricspb.Histogram{
					AggregationTemporality: cumulative,
					DataPoints: []*metricspb.HistogramDataPoint{{
						StartTimeUnixNano: start, TimeUnixNano: now,
						Count: 2, Sum: &sum, BucketCounts: []uint64{1, 1, 0}, ExplicitBounds: []float64{1, 10},
					}},
				}}},
			},
		}},
	}}}
	resp, err := collmetricspb.NewMetricsServiceClient(conn).Export(ctx, req)
	if err != nil {
		t.Fatalf("metrics export: %v", err)
	}
	if rejected := resp.GetPartialSuccess().GetRejectedDataPoints(); rejected != 0 {
		t.Fatalf("collector rejected %d data points: %s", rejected, resp.GetPartialSuccess().GetErrorMessage())
	}
}
