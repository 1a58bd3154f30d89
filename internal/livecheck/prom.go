package livecheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/genolewm/obs/registry"
)

// maxProm bounds a .prom file. The registry bounds the number of series,
// so a real textfile is far smaller; the bound keeps memory constant.
const maxProm = 64 << 20

var kindOf = map[dto.MetricType]string{
	dto.MetricType_COUNTER:   "counter",
	dto.MetricType_GAUGE:     "gauge",
	dto.MetricType_HISTOGRAM: "histogram",
}

// checkProm checks a Prometheus text exposition file.
func (c *Checker) checkProm(name string, f *os.File) (FileStat, error) {
	st := FileStat{Name: name}
	data, err := io.ReadAll(io.LimitReader(f, maxProm+1))
	st.Bytes = int64(len(data))
	if err != nil {
		return st, err
	}
	if len(data) > maxProm {
		c.report(name, Malformed, "larger than %d MiB; a textfile of registered metrics is far smaller", maxProm>>20)
		return st, nil
	}
	idx := indexProm(data)
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(data))
	if err != nil {
		var pe expfmt.ParseError
		if errors.As(err, &pe) {
			c.report(fmt.Sprintf("%s:%d", name, pe.Line), Malformed, "%s", pe.Msg)
		} else {
			c.report(name, Malformed, "%v", err)
		}
		return st, nil
	}
	for _, d := range idx.dups {
		c.report(fmt.Sprintf("%s:%d", name, d.line), DuplicateSeries, "%s repeats the series of line %d; textfile collectors reject the file", quote([]byte(d.name)), d.first)
	}
	names := make([]string, 0, len(fams))
	for n := range fams {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return idx.family[names[i]] < idx.family[names[j]] })
	for _, n := range names {
		st.Records += int64(len(fams[n].GetMetric()))
		c.family(name, idx, fams[n])
	}
	return st, nil
}

func (c *Checker) family(file string, idx *promIndex, fam *dto.MetricFamily) {
	name := fam.GetName()
	at := fmt.Sprintf("%s:%d", file, idx.family[name])
	if registry.HasDNARun(fam.GetHelp()) {
		c.report(at, DNA, "HELP of %s holds a run of %d or more DNA letters", quote([]byte(name)), DNAMinRun)
	}
	mi := c.metrics[name]
	if mi == nil {
		c.unregistered(at, name)
		return
	}
	m := mi.m
	mi.series += int64(len(fam.GetMetric()))
	if m.Deprecated != nil {
		c.warnOnce(at, "metric "+m.Name, m.Deprecated)
	}
	kind := kindOf[fam.GetType()]
	if kind != m.Kind {
		if kind == "" {
			kind = strings.ToLower(fam.GetType().String())
		}
		c.report(at, WrongKind, "%s has TYPE %s; %s is registered as a %s", name, kind, m.Name, m.Kind)
		return // values of another kind cannot be compared
	}
	for _, s := range fam.GetMetric() {
		var labels [][2]string
		for _, lp := range s.GetLabel() {
			labels = append(labels, [2]string{lp.GetName(), lp.GetValue()})
		}
		sat := at
		if line, ok := idx.series[seriesKey(name, labels)]; ok {
			sat = fmt.Sprintf("%s:%d", file, line)
		}
		c.series(sat, mi, labels, s, fileRank(file))
	}
}

// fileRank is the rank a metrics file belongs to: N for
// metrics.rank-N.prom, "" for any other name (a single-process run's
// metrics.prom).
func fileRank(file string) string {
	base := filepath.Base(file)
	if r, ok := strings.CutPrefix(base, "metrics.rank-"); ok {
		return strings.TrimSuffix(r, ".prom")
	}
	return ""
}

// checkRankLabel checks the runtime's rank label on a series of a file
// that belongs to rank want ("" for a single-process file).
func (c *Checker) checkRankLabel(at, prom string, labels [][2]string, want string) {
	var got string
	has := false
	for _, l := range labels {
		if l[0] == registry.RankLabel {
			got, has = l[1], true
		}
	}
	switch {
	case want == "" && has:
		c.report(at, UnknownLabel, "series of %s carries the rank label in a file not named metrics.rank-N.prom", prom)
	case want != "" && !has:
		c.report(at, MissingLabel, "series of %s in a rank's file has no rank label; the textfile collector would see the ranks' series as one", prom)
	case want != "" && got != want:
		c.report(at, LabelValue, "%s{rank=%s}: not the rank its file is named after", prom, quote([]byte(got)))
	}
}

// unregistered reports a family not in the registry, and says why when it
// is a registered metric under the wrong unit or suffix.
func (c *Checker) unregistered(at, name string) {
	stem, unit := promStem(name)
	for _, mi := range c.meList {
		rstem, runit := promStem(mi.m.PromName)
		if stem != rstem {
			continue
		}
		if unit != runit {
			c.report(at, UnitMismatch, "%s is exposed in %s; %s has unit %s, exposed as %s", name, orUnitless(unit), mi.m.Name, mi.m.Unit, mi.m.PromName)
		} else {
			c.report(at, UnregisteredMetric, "%s is not a registered name; %s is exposed as %s", name, mi.m.Name, mi.m.PromName)
		}
		return
	}
	c.rep.UnregisteredFamilies++
	c.report(at, UnregisteredMetric, "metric %s is not in the registry; register it in registry/metrics.yaml or stop exporting it", quote([]byte(name)))
}

// unitSuffixes are unit words a Prometheus name may end in, base or not.
var unitSuffixes = []string{"seconds", "milliseconds", "microseconds", "nanoseconds", "ms", "bytes", "kilobytes", "megabytes", "variants_per_second", "ratio", "percent"}

// promStem strips _total and a unit suffix from a Prometheus name.
func promStem(name string) (stem, unit string) {
	stem = strings.TrimSuffix(name, "_total")
	for _, u := range unitSuffixes {
		if s, ok := strings.CutSuffix(stem, "_"+u); ok {
			return s, u
		}
	}
	return stem, ""
}

func orUnitless(u string) string {
	if u == "" {
		return "no unit"
	}
	return u
}

func (c *Checker) series(at string, mi *metricInfo, labels [][2]string, s *dto.Metric, rank string) {
	m := mi.m
	seen := map[string]bool{}
	c.checkRankLabel(at, m.PromName, labels, rank)
	for _, l := range labels {
		seen[l[0]] = true
		if l[0] == registry.RankLabel {
			continue // checkRankLabel's
		}
		if registry.HasDNARun(l[1]) {
			c.report(at, DNA, "label %s of %s holds a run of %d or more DNA letters (value not shown)", quote([]byte(l[0])), m.PromName, DNAMinRun)
			continue
		}
		set, ok := mi.labels[l[0]]
		switch {
		case !ok:
			c.report(at, UnknownLabel, "label %s is not registered for %s", quote([]byte(l[0])), m.Name)
		case !set[l[1]]:
			c.report(at, LabelValue, "%s{%s=%s}: not one of the label's registered values", m.PromName, l[0], quote([]byte(l[1])))
		}
	}
	for _, l := range m.Labels {
		if !seen[l.Name] {
			c.report(at, MissingLabel, "series of %s has no label %s", m.PromName, l.Name)
		}
	}
	if s.TimestampMs != nil {
		c.report(at, Timestamp, "sample of %s carries a timestamp; the textfile collector rejects the whole file", m.PromName)
	}
	switch m.Kind {
	case "counter":
		if v := s.GetCounter().GetValue(); v < 0 || math.IsNaN(v) {
			c.report(at, BadValue, "counter %s is %v; counters are finite and never negative", m.PromName, v)
		}
	case "histogram":
		c.histogram(at, m, s.GetHistogram())
	}
}

func (c *Checker) histogram(at string, m *registry.Metric, h *dto.Histogram) {
	var bounds []float64
	hasInf := false
	var prev float64
	for i, b := range h.GetBucket() {
		n := float64(b.GetCumulativeCount()) + b.GetCumulativeCountFloat()
		if i > 0 && n < prev {
			c.report(at, BadValue, "histogram %s: bucket le=%v counts fewer than the bucket below it; buckets are cumulative", m.PromName, b.GetUpperBound())
		}
		prev = n
		if math.IsInf(b.GetUpperBound(), 1) {
			hasInf = true
			if total := float64(h.GetSampleCount()) + h.GetSampleCountFloat(); n != total {
				c.report(at, BadValue, "histogram %s: le=+Inf bucket counts %v but _count is %v", m.PromName, n, total)
			}
			continue
		}
		bounds = append(bounds, b.GetUpperBound())
	}
	if !hasInf {
		c.report(at, BucketMismatch, "histogram %s has no le=\"+Inf\" bucket", m.PromName)
	}
	want := make([]float64, len(m.Buckets))
	for i, b := range m.Buckets {
		want[i] = b / m.U.Divisor
	}
	switch {
	case sameFloats(bounds, want):
	case m.U.Divisor != 1 && sameFloats(bounds, m.Buckets):
		c.report(at, UnitMismatch, "histogram %s has its bucket bounds in %s; Prometheus wants %s (divide by %v)", m.PromName, m.Unit, m.U.Suffix, m.U.Divisor)
	default:
		c.report(at, BucketMismatch, "histogram %s has bounds %s; registered %s", m.PromName, floats(bounds), floats(want))
	}
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if d := math.Abs(a[i] - b[i]); d > 1e-9*math.Max(math.Abs(a[i]), math.Abs(b[i])) {
			return false
		}
	}
	return true
}

func floats(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
