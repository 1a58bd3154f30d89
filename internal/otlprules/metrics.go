package otlprules

import (
	"slices"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/genolewm/obs/internal/dna"
)

// A metric in OTLP, as the Go runtime exports one: its dotted registry
// name, its UCUM unit, its kind (a counter is a monotonic Sum, a gauge a
// Gauge, a histogram an explicit-bucket Histogram with the registered
// bounds), and on every data point exactly the registered labels, each
// with a value from its set. A metric of another name, unit or kind is
// dropped whole; a data point of an unknown series (a label that is not
// registered, missing, or with a value outside its set) or with other
// bounds is dropped. Both modes drop the same: a data point has no key
// that could be dropped without making it another series. A point's
// exemplars are kept only without filtered attributes (those are the
// labels a View removed: unregistered by definition). The description
// and the metadata attributes are free text under the DNA and deny rules.

// Metrics applies the rules to every metric of md, in place as Logs does.
func (e *Engine) Metrics(md pmetric.Metrics, obs Observer) {
	n := 0
	c := &check{e: e, obs: obs}
	md.ResourceMetrics().RemoveIf(func(rm pmetric.ResourceMetrics) bool {
		resRule, resOK := e.container(c, Metrics, n, PartResource, rm.Resource().Attributes(), rm.SchemaUrl(), rm.SetSchemaUrl)
		rm.ScopeMetrics().RemoveIf(func(sm pmetric.ScopeMetrics) bool {
			scRule, scOK := e.scope(c, Metrics, n, sm.Scope(), sm.SchemaUrl(), sm.SetSchemaUrl)
			sm.Metrics().RemoveIf(func(m pmetric.Metric) bool {
				return !e.metric(c, m, &n, func() {
					c.inherit(resRule, resOK)
					c.inherit(scRule, scOK)
				})
			})
			return e.mutate() && sm.Metrics().Len() == 0
		})
		return e.mutate() && rm.ScopeMetrics().Len() == 0
	})
}

// metric judges one metric and its points; n numbers the points. It
// reports whether the metric stays.
func (e *Engine) metric(c *check, m pmetric.Metric, n *int, inherit func()) bool {
	mr := e.t.byMetric[m.Name()]
	item := -1
	if mr != nil {
		item = mr.id
	}
	// The metric's identity: refused whole, every point counted.
	c.reset(Metrics, item, *n)
	inherit()
	switch {
	case mr == nil:
		c.record(RuleUnregistered, PartMetric, m.Name(), false)
	case m.Unit() != mr.unit:
		c.record(RuleUnit, PartMetric, "", false)
	case !kindMatches(mr.kind, m):
		c.record(RuleKind, PartMetric, "", false)
	}
	if c.refuse {
		points := pointCount(m)
		for range points {
			c.obs.Seen(Metrics, item)
		}
		*n += points
		if e.mode == Report {
			return true
		}
		f := c.f
		f.Rule, f.Part, f.Refused = c.first, PartMetric, true
		for range max(points, 1) {
			c.obs.Found(&f)
			f.Record++
		}
		return false
	}
	// The description and metadata: free text.
	c.freeString(m.Description(), PartMetric, func() { m.SetDescription("") })
	c.freeAttrs(m.Metadata(), PartMetric)
	metricBad, metricFirst := c.bad, c.first
	keepPoint := func(attrs pcommon.Map, bounds []float64, exemplars pmetric.ExemplarSlice) bool {
		c.reset(Metrics, mr.id, *n)
		*n++
		c.obs.Seen(Metrics, mr.id)
		if metricBad {
			c.inherit(metricFirst, false)
		}
		e.labels(c, mr, attrs)
		if mr.kind == Histogram && !slices.Equal(bounds, mr.buckets) {
			c.record(RuleBuckets, PartRecord, "", false)
		}
		e.exemplars(c, exemplars)
		return c.keep()
	}
	switch m.Type() {
	case pmetric.MetricTypeSum:
		m.Sum().DataPoints().RemoveIf(func(p pmetric.NumberDataPoint) bool {
			return !keepPoint(p.Attributes(), nil, p.Exemplars())
		})
		return !e.mutate() || m.Sum().DataPoints().Len() > 0
	case pmetric.MetricTypeGauge:
		m.Gauge().DataPoints().RemoveIf(func(p pmetric.NumberDataPoint) bool {
			return !keepPoint(p.Attributes(), nil, p.Exemplars())
		})
		return !e.mutate() || m.Gauge().DataPoints().Len() > 0
	default: // Histogram: kindMatches let nothing else through
		m.Histogram().DataPoints().RemoveIf(func(p pmetric.HistogramDataPoint) bool {
			return !keepPoint(p.Attributes(), p.ExplicitBounds().AsRaw(), p.Exemplars())
		})
		return !e.mutate() || m.Histogram().DataPoints().Len() > 0
	}
}

func kindMatches(k MetricKind, m pmetric.Metric) bool {
	switch k {
	case Counter:
		return m.Type() == pmetric.MetricTypeSum && m.Sum().IsMonotonic()
	case Gauge:
		return m.Type() == pmetric.MetricTypeGauge
	case Histogram:
		return m.Type() == pmetric.MetricTypeHistogram
	}
	return false
}

func pointCount(m pmetric.Metric) int {
	switch m.Type() {
	case pmetric.MetricTypeSum:
		return m.Sum().DataPoints().Len()
	case pmetric.MetricTypeGauge:
		return m.Gauge().DataPoints().Len()
	case pmetric.MetricTypeHistogram:
		return m.Histogram().DataPoints().Len()
	case pmetric.MetricTypeExponentialHistogram:
		return m.ExponentialHistogram().DataPoints().Len()
	case pmetric.MetricTypeSummary:
		return m.Summary().DataPoints().Len()
	}
	return 0
}

// labels checks a point's attributes against the metric's labels: each a
// registered label, once, with a string value from its set, and none
// missing. Every mode refuses a point of an unknown series: there is no
// key to drop.
func (e *Engine) labels(c *check, mr *metricRule, attrs pcommon.Map) {
	var seen uint64
	attrs.Range(func(k string, v pcommon.Value) bool {
		i := slices.IndexFunc(mr.labels, func(l labelRule) bool { return l.name == k })
		switch {
		case e.t.denied(k):
			c.record(RuleDeny, PartAttr, k, false)
		case i < 0 || seen&(1<<uint(i)) != 0:
			c.record(RuleAllowlist, PartAttr, k, false)
		case v.Type() != pcommon.ValueTypeStr:
			c.record(RuleType, PartAttr, k, false)
		case dna.Has(v.Str()):
			c.record(RuleDNA, PartAttr, k, false)
		case !slices.Contains(mr.labels[i].values, v.Str()):
			c.record(RuleValue, PartAttr, k, false)
		default:
			seen |= 1 << uint(i)
		}
		return true
	})
	for i, l := range mr.labels {
		if seen&(1<<uint(i)) == 0 {
			c.record(RuleRequired, PartAttr, l.name, false)
		}
	}
}

// exemplars drops (Lenient) or reports the exemplars that carry filtered
// attributes.
func (e *Engine) exemplars(c *check, ex pmetric.ExemplarSlice) {
	judge := func(x pmetric.Exemplar) bool {
		if x.FilteredAttributes().Len() == 0 {
			return true
		}
		c.key(RuleAllowlist, PartExemplar, "")
		return false
	}
	if e.dropKeys() {
		ex.RemoveIf(func(x pmetric.Exemplar) bool { return !judge(x) })
		return
	}
	for _, x := range ex.All() {
		judge(x)
	}
}
