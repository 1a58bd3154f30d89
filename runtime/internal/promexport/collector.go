package promexport

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// Collector is a prometheus.Collector over registered families. It holds no
// values of its own: each Collect reads the live series.
type Collector struct {
	fams  []*metric.Family
	descs []*prometheus.Desc
	// labels[i][s] are the label values of series s of family i, computed
	// once because the sets are fixed.
	labels [][][]string
}

// NewCollector returns a collector over fams.
func NewCollector(fams []*metric.Family) *Collector {
	c := &Collector{
		fams:   fams,
		descs:  make([]*prometheus.Desc, len(fams)),
		labels: make([][][]string, len(fams)),
	}
	for i, f := range fams {
		d := f.Desc()
		names := make([]string, len(d.Labels))
		for j, l := range d.Labels {
			names[j] = l.Name
		}
		c.descs[i] = prometheus.NewDesc(d.PromName, help(d), names, nil)
		c.labels[i] = make([][]string, d.Series())
		for s := range c.labels[i] {
			c.labels[i][s] = d.LabelValues(s)
		}
	}
	return c
}

// help is the HELP text: the registry description, and the deprecation
// note so that a dashboard author sees it where they look.
func help(d *metric.Desc) string {
	h := d.Help
	if h == "" {
		h = d.Name
	}
	if d.Deprecated != "" {
		h += " (deprecated: " + d.Deprecated + ")"
	}
	return h
}

// Describe sends the descriptor of every family.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

// Collect sends every series of every family, in base units. A family whose
// metric cannot be built is sent as an invalid metric, so that the registry
// reports it instead of silently dropping it.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	for i, f := range c.fams {
		d := f.Desc()
		div := divisor(d)
		for s, lv := range c.labels[i] {
			var m prometheus.Metric
			var err error
			switch d.Kind {
			case metric.CounterKind:
				v := toBase(float64(f.Counter(s).Value()), div)
				m, err = prometheus.NewConstMetric(c.descs[i], prometheus.CounterValue, v, lv...)
			case metric.GaugeKind:
				v := toBase(f.Gauge(s).Value(), div)
				m, err = prometheus.NewConstMetric(c.descs[i], prometheus.GaugeValue, v, lv...)
			case metric.HistogramKind:
				m, err = constHistogram(c.descs[i], f.Histogram(s), div, lv)
			default:
				m = prometheus.NewInvalidMetric(c.descs[i], errUnknownKind{d.Name, d.Kind})
			}
			if err != nil {
				m = prometheus.NewInvalidMetric(c.descs[i], err)
			}
			ch <- m
		}
	}
}

// constHistogram converts a snapshot to cumulative buckets whose bounds
// and sum are converted to the base unit. The +Inf bucket is implied by the count.
func constHistogram(desc *prometheus.Desc, h *metric.Histogram, div float64, lv []string) (prometheus.Metric, error) {
	counts, count, sum := h.Snapshot()
	upper := h.Upper()
	buckets := make(map[float64]uint64, len(upper))
	var cum uint64
	for j, u := range upper {
		cum += counts[j]
		buckets[toBase(u, div)] = cum
	}
	return prometheus.NewConstHistogram(desc, count, toBase(sum, div), buckets, lv...)
}

// divisor guards against a hand-built Desc without one.
func divisor(d *metric.Desc) float64 {
	if d.Divisor == 0 {
		return 1
	}
	return d.Divisor
}

type errUnknownKind struct {
	name string
	kind metric.Kind
}

func (e errUnknownKind) Error() string {
	return "promexport: metric " + e.name + " has unknown kind " + e.kind.String()
}
