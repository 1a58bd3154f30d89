package otlprules_test

import (
	"reflect"
	"testing"

	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/genolewm/obs/internal/otlprules"
)

// counter builds the alert counter with one point per criterion given.
func counter(criteria ...string) (pmetric.Metrics, pmetric.Metric) {
	md := pmetric.NewMetrics()
	m := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	m.SetName("geno_lewm.training.collapse.alert")
	m.SetUnit("{event}")
	sum := m.SetEmptySum()
	sum.SetIsMonotonic(true)
	sum.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
	for _, c := range criteria {
		p := sum.DataPoints().AppendEmpty()
		p.SetIntValue(1)
		if c != "" {
			p.Attributes().PutStr("criterion", c)
		}
	}
	return md, m
}

func histogram(bounds []float64) pmetric.Metrics {
	md := pmetric.NewMetrics()
	m := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	m.SetName("geno_lewm.training.step.duration")
	m.SetUnit("ms")
	p := m.SetEmptyHistogram().DataPoints().AppendEmpty()
	p.ExplicitBounds().FromRaw(bounds)
	p.BucketCounts().FromRaw(make([]uint64, len(bounds)+1))
	return md
}

var stepBuckets = []float64{10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000}

func TestRegisteredMetricsPassIntact(t *testing.T) {
	for _, md := range []pmetric.Metrics{first(counter("kl_reg", "pred_l2_mean")), histogram(stepBuckets)} {
		want := pmetric.NewMetrics()
		md.CopyTo(want)
		obs := &findings{}
		engine(t, otlprules.Strict).Metrics(md, obs)
		if len(obs.list) != 0 || !reflect.DeepEqual(md, want) {
			t.Errorf("findings %v", obs)
		}
	}
}

func first(md pmetric.Metrics, _ pmetric.Metric) pmetric.Metrics { return md }

func TestMetricRules(t *testing.T) {
	cases := []struct {
		name   string
		md     func() pmetric.Metrics
		rule   string
		points int // kept in Strict and Lenient
	}{
		{"unregistered", func() pmetric.Metrics { md, m := counter("kl_reg"); m.SetName("app.requests"); return md }, "unregistered metric", 0},
		{"unit", func() pmetric.Metrics { md, m := counter("kl_reg"); m.SetUnit("1"); return md }, "unit metric", 0},
		{"kind", func() pmetric.Metrics { md, m := counter("kl_reg"); m.Sum().SetIsMonotonic(false); return md }, "kind metric", 0},
		{"unknown label", func() pmetric.Metrics {
			md, m := counter("kl_reg", "kl_reg")
			m.Sum().DataPoints().At(1).Attributes().PutStr("host", "n1")
			return md
		}, "allowlist attribute", 1},
		{"out of set", func() pmetric.Metrics { md, _ := counter("kl_reg", "vibes"); return md }, "value attribute", 1},
		{"dna label", func() pmetric.Metrics { md, _ := counter("kl_reg", seq); return md }, "dna attribute", 1},
		{"missing label", func() pmetric.Metrics { md, _ := counter("kl_reg", ""); return md }, "required attribute", 1},
		{"bounds", func() pmetric.Metrics { return histogram([]float64{1, 2}) }, "buckets record", 0},
	}
	for _, c := range cases {
		for _, mode := range []otlprules.Mode{otlprules.Strict, otlprules.Lenient, otlprules.Report} {
			md := c.md()
			before := md.DataPointCount()
			obs := &findings{}
			engine(t, mode).Metrics(md, obs)
			want := c.points
			if mode == otlprules.Report {
				want = before
			}
			if md.DataPointCount() != want || len(obs.list) == 0 || obs.rules()[0] != c.rule {
				t.Errorf("%s %s: %d points, findings %v", c.name, mode, md.DataPointCount(), obs)
			}
		}
	}
}

func TestMetricDescriptionAndExemplars(t *testing.T) {
	for mode, points := range map[otlprules.Mode]int{otlprules.Strict: 0, otlprules.Lenient: 1} {
		md, m := counter("kl_reg")
		m.SetDescription("alerts " + seq)
		obs := &findings{}
		engine(t, mode).Metrics(md, obs)
		if md.DataPointCount() != points || obs.rules()[0] != "dna metric" || mode == otlprules.Lenient && m.Description() != "" {
			t.Errorf("description %s: %d points, findings %v", mode, md.DataPointCount(), obs)
		}

		md, m = counter("kl_reg")
		x := m.Sum().DataPoints().At(0).Exemplars().AppendEmpty()
		x.FilteredAttributes().PutStr("sample_name", "x")
		obs = &findings{}
		engine(t, mode).Metrics(md, obs)
		if md.DataPointCount() != points || obs.rules()[0] != "allowlist exemplar" ||
			mode == otlprules.Lenient && m.Sum().DataPoints().At(0).Exemplars().Len() != 0 {
			t.Errorf("exemplar %s: %d points, findings %v", mode, md.DataPointCount(), obs)
		}
	}
}
