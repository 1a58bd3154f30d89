package collectortest

import (
	"encoding/hex"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Attribute maps below are pcommon.Map.AsRaw(): string, bool, int64,
// float64, []byte, []any and map[string]any values. Ids are lowercase hex,
// "" when unset.

// Scope is the instrumentation scope a record, span or point came from.
type Scope struct {
	Name       string
	Version    string
	Attributes map[string]any
}

// LogRecord is one OTLP log record with its resource and scope.
type LogRecord struct {
	Resource       map[string]any
	Scope          Scope
	EventName      string
	SeverityNumber int32
	SeverityText   string
	Body           any // nil when empty
	Attributes     map[string]any
	TraceID        string
	SpanID         string
	Time           time.Time // zero when unset
}

// Span is one OTLP span with its resource and scope.
type Span struct {
	Resource     map[string]any
	Scope        Scope
	Name         string
	Kind         string // ptrace.SpanKind.String(): "Internal", "Server", ...
	TraceID      string
	SpanID       string
	ParentSpanID string
	Attributes   map[string]any
	Events       []SpanEvent
	Links        []SpanLink
	StatusCode   string // ptrace.StatusCode.String(): "Unset", "Ok", "Error"
	StatusText   string
}

// SpanEvent is an event on a span.
type SpanEvent struct {
	Name       string
	Attributes map[string]any
}

// SpanLink is a span's link to another span.
type SpanLink struct {
	TraceID    string
	SpanID     string
	Attributes map[string]any
}

// MetricPoint is one data point of an OTLP metric with the metric's
// identity, its resource and scope.
type MetricPoint struct {
	Resource    map[string]any
	Scope       Scope
	Name        string
	Unit        string
	Description string
	Type        string // pmetric.MetricType.String(): "Gauge", "Sum", "Histogram", ...
	Monotonic   bool   // Sum only
	Temporality string // Sum and Histogram: "Cumulative" or "Delta"
	Attributes  map[string]any
	// Gauge and Sum: the value, and whether it was sent as an integer
	// (then IntValue is exact and Value its float64).
	Value    float64
	IntValue int64
	IsInt    bool
	// Histogram and Summary.
	Count          uint64
	Sum            float64
	BucketCounts   []uint64  // Histogram
	ExplicitBounds []float64 // Histogram
}

func scopeOf(s pcommon.InstrumentationScope) Scope {
	return Scope{Name: s.Name(), Version: s.Version(), Attributes: s.Attributes().AsRaw()}
}

func hexID(id []byte) string {
	for _, b := range id {
		if b != 0 {
			return hex.EncodeToString(id)
		}
	}
	return ""
}

func timeOf(ts pcommon.Timestamp) time.Time {
	if ts == 0 {
		return time.Time{}
	}
	return ts.AsTime()
}

// LogRecords flattens every log record, in file order.
func (o Output) LogRecords() []LogRecord {
	var recs []LogRecord
	for _, logs := range o.Logs {
		for _, rl := range logs.ResourceLogs().All() {
			resource := rl.Resource().Attributes().AsRaw()
			for _, sl := range rl.ScopeLogs().All() {
				scope := scopeOf(sl.Scope())
				for _, lr := range sl.LogRecords().All() {
					traceID, spanID := lr.TraceID(), lr.SpanID()
					recs = append(recs, LogRecord{
						Resource:       resource,
						Scope:          scope,
						EventName:      lr.EventName(),
						SeverityNumber: int32(lr.SeverityNumber()),
						SeverityText:   lr.SeverityText(),
						Body:           lr.Body().AsRaw(),
						Attributes:     lr.Attributes().AsRaw(),
						TraceID:        hexID(traceID[:]),
						SpanID:         hexID(spanID[:]),
						Time:           timeOf(lr.Timestamp()),
					})
				}
			}
		}
	}
	return recs
}

// Spans flattens every span, in file order.
func (o Output) Spans() []Span {
	var spans []Span
	for _, traces := range o.Traces {
		for _, rs := range traces.ResourceSpans().All() {
			resource := rs.Resource().Attributes().AsRaw()
			for _, ss := range rs.ScopeSpans().All() {
				scope := scopeOf(ss.Scope())
				for _, s := range ss.Spans().All() {
					spans = append(spans, spanOf(resource, scope, s))
				}
			}
		}
	}
	return spans
}

func spanOf(resource map[string]any, scope Scope, s ptrace.Span) Span {
	traceID, spanID, parentID := s.TraceID(), s.SpanID(), s.ParentSpanID()
	span := Span{
		Resource:     resource,
		Scope:        scope,
		Name:         s.Name(),
		Kind:         s.Kind().String(),
		TraceID:      hexID(traceID[:]),
		SpanID:       hexID(spanID[:]),
		ParentSpanID: hexID(parentID[:]),
		Attributes:   s.Attributes().AsRaw(),
		StatusCode:   s.Status().Code().String(),
		StatusText:   s.Status().Message(),
	}
	for _, e := range s.Events().All() {
		span.Events = append(span.Events, SpanEvent{Name: e.Name(), Attributes: e.Attributes().AsRaw()})
	}
	for _, l := range s.Links().All() {
		linkTrace, linkSpan := l.TraceID(), l.SpanID()
		span.Links = append(span.Links, SpanLink{
			TraceID: hexID(linkTrace[:]), SpanID: hexID(linkSpan[:]), Attributes: l.Attributes().AsRaw(),
		})
	}
	return span
}

// MetricPoints flattens every data point of every metric, in file order.
// Exponential histograms are listed with their Count and Sum only.
func (o Output) MetricPoints() []MetricPoint {
	var points []MetricPoint
	for _, metrics := range o.Metrics {
		for _, rm := range metrics.ResourceMetrics().All() {
			resource := rm.Resource().Attributes().AsRaw()
			for _, sm := range rm.ScopeMetrics().All() {
				scope := scopeOf(sm.Scope())
				for _, m := range sm.Metrics().All() {
					head := MetricPoint{
						Resource: resource, Scope: scope,
						Name: m.Name(), Unit: m.Unit(), Description: m.Description(), Type: m.Type().String(),
					}
					points = appendPoints(points, head, m)
				}
			}
		}
	}
	return points
}

func appendPoints(points []MetricPoint, head MetricPoint, m pmetric.Metric) []MetricPoint {
	switch m.Type() {
	case pmetric.MetricTypeGauge:
		for _, dp := range m.Gauge().DataPoints().All() {
			points = append(points, numberPoint(head, dp))
		}
	case pmetric.MetricTypeSum:
		head.Monotonic = m.Sum().IsMonotonic()
		head.Temporality = m.Sum().AggregationTemporality().String()
		for _, dp := range m.Sum().DataPoints().All() {
			points = append(points, numberPoint(head, dp))
		}
	case pmetric.MetricTypeHistogram:
		head.Temporality = m.Histogram().AggregationTemporality().String()
		for _, dp := range m.Histogram().DataPoints().All() {
			p := head
			p.Attributes = dp.Attributes().AsRaw()
			p.Count, p.Sum = dp.Count(), dp.Sum()
			p.BucketCounts = dp.BucketCounts().AsRaw()
			p.ExplicitBounds = dp.ExplicitBounds().AsRaw()
			points = append(points, p)
		}
	case pmetric.MetricTypeExponentialHistogram:
		head.Temporality = m.ExponentialHistogram().AggregationTemporality().String()
		for _, dp := range m.ExponentialHistogram().DataPoints().All() {
			p := head
			p.Attributes = dp.Attributes().AsRaw()
			p.Count, p.Sum = dp.Count(), dp.Sum()
			points = append(points, p)
		}
	case pmetric.MetricTypeSummary:
		for _, dp := range m.Summary().DataPoints().All() {
			p := head
			p.Attributes = dp.Attributes().AsRaw()
			p.Count, p.Sum = dp.Count(), dp.Sum()
			points = append(points, p)
		}
	}
	return points
}

func numberPoint(head MetricPoint, dp pmetric.NumberDataPoint) MetricPoint {
	p := head
	p.Attributes = dp.Attributes().AsRaw()
	if dp.ValueType() == pmetric.NumberDataPointValueTypeInt {
		p.IntValue, p.IsInt, p.Value = dp.IntValue(), true, float64(dp.IntValue())
	} else {
		p.Value = dp.DoubleValue()
	}
	return p
}
