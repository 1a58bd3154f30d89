package tracing

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// familyProducer exports the registered metric families as they stand at
// each collection (see doc.go for why a Producer). Label sets are built
// once: label values are registered, bounded sets.
type familyProducer struct {
	fams  []*metric.Family
	attrs [][]attribute.Set // attrs[f][series]
	start time.Time
	scope instrumentation.Scope
}

func newFamilyProducer(fams []*metric.Family, start time.Time) *familyProducer {
	p := &familyProducer{fams: fams, start: start, scope: instrumentation.Scope{Name: scopeName}}
	p.attrs = make([][]attribute.Set, len(fams))
	for i, f := range fams {
		d := f.Desc()
		sets := make([]attribute.Set, d.Series())
		for s := range sets {
			vals := d.LabelValues(s)
			kv := make([]attribute.KeyValue, len(vals))
			for j, v := range vals {
				kv[j] = attribute.String(d.Labels[j].Name, v)
			}
			sets[s] = attribute.NewSet(kv...)
		}
		p.attrs[i] = sets
	}
	return p
}

// Produce converts one snapshot of every family. Labelled series that
// were never touched are left out (a labelled family can have dozens of
// combinations); an unlabelled metric is always present, so its name
// shows up from the first export.
func (p *familyProducer) Produce(context.Context) ([]metricdata.ScopeMetrics, error) {
	now := time.Now()
	out := make([]metricdata.Metrics, 0, len(p.fams))
	for i, f := range p.fams {
		d := f.Desc()
		sets := p.attrs[i]
		keep := func(zero bool) bool { return !zero || len(d.Labels) == 0 }
		m := metricdata.Metrics{Name: d.Name, Description: d.Help, Unit: d.UCUM}
		switch d.Kind {
		case metric.CounterKind:
			sum := metricdata.Sum[int64]{Temporality: metricdata.CumulativeTemporality, IsMonotonic: true}
			for s := range sets {
				if v := f.Counter(s).Value(); keep(v == 0) {
					sum.DataPoints = append(sum.DataPoints, metricdata.DataPoint[int64]{
						Attributes: sets[s], StartTime: p.start, Time: now, Value: int64(v)})
				}
			}
			m.Data = sum
		case metric.GaugeKind:
			// A gauge cannot tell "never set" from 0: every series is sent.
			g := metricdata.Gauge[float64]{}
			for s := range sets {
				g.DataPoints = append(g.DataPoints, metricdata.DataPoint[float64]{
					Attributes: sets[s], StartTime: p.start, Time: now, Value: f.Gauge(s).Value()})
			}
			m.Data = g
		case metric.HistogramKind:
			h := metricdata.Histogram[float64]{Temporality: metricdata.CumulativeTemporality}
			for s := range sets {
				hist := f.Histogram(s)
				buckets, count, total := hist.Snapshot()
				if keep(count == 0) {
					h.DataPoints = append(h.DataPoints, metricdata.HistogramDataPoint[float64]{
						Attributes: sets[s], StartTime: p.start, Time: now,
						Count: count, Bounds: hist.Upper(), BucketCounts: buckets, Sum: total})
				}
			}
			m.Data = h
		default:
			continue
		}
		out = append(out, m)
	}
	return []metricdata.ScopeMetrics{{Scope: p.scope, Metrics: out}}, nil
}
