package wandbrun

import (
	"math"
	"strconv"
	"strings"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// A marked metric becomes one item named by its dotted name. An unlabelled
// family's value is a number; a labelled one's an object keyed by each
// series' label values (joined with "." when there are several labels),
// which W&B shows as <name>.<values>. A gauge counts only once it has
// held a value other than 0 (an idle gauge reads 0, which would chart as
// a real zero); a histogram is the mean of its observations, in the
// registered unit: those since the previous history row in a row, all of
// them in the summary. A series without a value is left out, and a family
// without any is no item.

// appendValue appends the family's value to b; ok is false when no series
// has one. In a row, it also notes each histogram's count and sum, which
// commitRow makes the start of the next row's window.
func (p *metricPlan) appendValue(b []byte, row bool) ([]byte, bool) {
	labelled := len(p.desc.Labels) > 0
	start := len(b)
	if labelled {
		b = append(b, '{')
	}
	any := false
	for s := range p.labels {
		v, ok := p.series(s, row)
		if !ok {
			continue
		}
		if labelled {
			if any {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, strings.Join(p.labels[s], "."))
			b = append(b, ':')
		}
		b = appendNumber(b, v)
		any = true
		if !labelled {
			break
		}
	}
	if !any {
		return b[:start], false
	}
	if labelled {
		b = append(b, '}')
	}
	return b, true
}

// series reads series s.
func (p *metricPlan) series(s int, row bool) (float64, bool) {
	switch p.desc.Kind {
	case metric.CounterKind:
		return float64(p.fam.Counter(s).Value()), true
	case metric.GaugeKind:
		v := p.fam.Gauge(s).Value()
		if v != 0 || math.IsNaN(v) {
			p.seen[s] = true
		}
		return v, p.seen[s]
	case metric.HistogramKind:
		count, sum := p.fam.Histogram(s).CountSum()
		if !row {
			return sum / float64(count), count > 0
		}
		dc, ds := count-p.rowCount[s], sum-p.rowSum[s]
		p.pendCount[s], p.pendSum[s] = count, sum
		return ds / float64(dc), dc > 0
	}
	return 0, false
}

// commitRow starts the histograms' next window where the row just written
// ended.
func (p *metricPlan) commitRow() {
	copy(p.rowCount, p.pendCount)
	copy(p.rowSum, p.pendSum)
}

// appendNumber writes v in W&B's extended JSON.
func appendNumber(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "Infinity"...)
	case math.IsInf(v, -1):
		return append(b, "-Infinity"...)
	case v == math.Trunc(v) && math.Abs(v) < 1<<53:
		return strconv.AppendInt(b, int64(v), 10)
	case math.Abs(v) >= 1e-6 && math.Abs(v) < 1e21:
		// Plain decimals, as JSON encoders write them: a Unix time reads
		// 1779291403.49, not 1.77929140349e+09.
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}
