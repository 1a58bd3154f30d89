package promexport

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// Parse parses a text exposition with the parser that Prometheus and
// node_exporter use, under the classic (legacy) name rules.
func Parse(text []byte) (map[string]*dto.MetricFamily, error) {
	p := expfmt.NewTextParser(model.LegacyValidation)
	return p.TextToMetricFamilies(bytes.NewReader(text))
}

// Check validates text as the exposition of fams as its consumers would
// and returns the parsed families. It parses it with prometheus/common's
// text parser, lints it with client_golang's promlint, and checks what
// neither of them does: no duplicate series (the parser merges them
// silently, node_exporter fails the whole file), exactly one HELP and one
// TYPE line of the registered kind per family, every bounded series
// present and none outside the registered label values, the registered
// buckets, no timestamps. All problems found are joined in the error.
//
// Tests and live checks of a written metrics.prom use it; the exporters
// do not run it on every write.
func Check(text []byte, fams []*metric.Family) (map[string]*dto.MetricFamily, error) {
	mfs, err := Parse(text)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	var errs []error
	if len(text) == 0 || text[len(text)-1] != '\n' {
		errs = append(errs, errors.New("exposition does not end with a newline"))
	}
	errs = append(errs, lint(mfs)...)
	errs = append(errs, duplicates(text)...)
	errs = append(errs, headers(text, fams)...)
	for _, f := range fams {
		errs = append(errs, family(mfs, f.Desc())...)
	}
	return mfs, errors.Join(errs...)
}

func lint(mfs map[string]*dto.MetricFamily) []error {
	list := make([]*dto.MetricFamily, 0, len(mfs))
	for _, mf := range mfs {
		list = append(list, mf)
	}
	problems, err := promlint.NewWithMetricFamilies(list).Lint()
	if err != nil {
		return []error{fmt.Errorf("promlint: %w", err)}
	}
	var errs []error
	for _, p := range problems {
		errs = append(errs, fmt.Errorf("promlint: %s: %s", p.Metric, p.Text))
	}
	return errs
}

// duplicates finds sample lines with the same name and labels. The text
// parser accepts them silently, node_exporter does not.
func duplicates(text []byte) []error {
	seen := map[string]bool{}
	var errs []error
	for line := range strings.Lines(string(text)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			errs = append(errs, fmt.Errorf("malformed sample line %q", line))
			continue
		}
		id := line[:i]
		if strings.Count(id[strings.LastIndexByte(id, '}')+1:], " ") > 0 {
			errs = append(errs, fmt.Errorf("sample %q carries a timestamp", line))
		}
		if seen[id] {
			errs = append(errs, fmt.Errorf("duplicate series %s", id))
		}
		seen[id] = true
	}
	return errs
}

// headers checks that every family has exactly one HELP and one TYPE line,
// of the registered kind.
func headers(text []byte, fams []*metric.Family) []error {
	help := map[string]int{}
	typ := map[string][]string{}
	for line := range strings.Lines(string(text)) {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "#" && f[1] == "HELP" {
			help[f[2]]++
		}
		if len(f) == 4 && f[0] == "#" && f[1] == "TYPE" {
			typ[f[2]] = append(typ[f[2]], f[3])
		}
	}
	var errs []error
	for _, fam := range fams {
		d := fam.Desc()
		if help[d.PromName] != 1 {
			errs = append(errs, fmt.Errorf("%s: %d HELP lines, want 1", d.PromName, help[d.PromName]))
		}
		if t := typ[d.PromName]; len(t) != 1 || t[0] != d.Kind.String() {
			errs = append(errs, fmt.Errorf("%s: TYPE lines %q, want [%s]", d.PromName, t, d.Kind))
		}
	}
	return errs
}

var kinds = map[metric.Kind]dto.MetricType{
	metric.CounterKind:   dto.MetricType_COUNTER,
	metric.GaugeKind:     dto.MetricType_GAUGE,
	metric.HistogramKind: dto.MetricType_HISTOGRAM,
}

// family checks that every bounded series of d is present exactly once,
// with the registered buckets, and without a timestamp.
func family(mfs map[string]*dto.MetricFamily, d *metric.Desc) []error {
	mf := mfs[d.PromName]
	if mf == nil {
		return []error{fmt.Errorf("%s (%s) is missing", d.PromName, d.Name)}
	}
	var errs []error
	if mf.GetType() != kinds[d.Kind] {
		errs = append(errs, fmt.Errorf("%s: type %v, want %v", d.PromName, mf.GetType(), d.Kind))
	}
	if mf.GetHelp() == "" {
		errs = append(errs, fmt.Errorf("%s: empty HELP", d.PromName))
	}
	want := map[string]bool{}
	for s := range d.Series() {
		want[key(labelPairs(d, s))] = true
	}
	got := map[string]bool{}
	for _, m := range mf.GetMetric() {
		k := key(m.GetLabel())
		if got[k] {
			errs = append(errs, fmt.Errorf("%s%s: duplicate series", d.PromName, k))
		}
		got[k] = true
		if !want[k] {
			errs = append(errs, fmt.Errorf("%s%s: series outside the registered label values", d.PromName, k))
		}
		if m.TimestampMs != nil {
			errs = append(errs, fmt.Errorf("%s%s: carries a timestamp", d.PromName, k))
		}
		// The parser keeps the +Inf bucket that the registry leaves implied.
		if h := m.GetHistogram(); h != nil && len(h.GetBucket()) != len(d.Buckets)+1 {
			errs = append(errs, fmt.Errorf("%s%s: %d buckets with +Inf, want %d", d.PromName, k, len(h.GetBucket()), len(d.Buckets)+1))
		}
	}
	for k := range want {
		if !got[k] {
			errs = append(errs, fmt.Errorf("%s%s: series missing", d.PromName, k))
		}
	}
	return errs
}

func labelPairs(d *metric.Desc, s int) []*dto.LabelPair {
	vals := d.LabelValues(s)
	lp := make([]*dto.LabelPair, len(vals))
	for i := range vals {
		lp[i] = &dto.LabelPair{Name: &d.Labels[i].Name, Value: &vals[i]}
	}
	return lp
}

// key renders label pairs in name order: {a="x",b="y"}.
func key(lp []*dto.LabelPair) string {
	parts := make([]string, len(lp))
	for i, p := range lp {
		parts[i] = fmt.Sprintf("%s=%q", p.GetName(), p.GetValue())
	}
	slices.Sort(parts)
	return "{" + strings.Join(parts, ",") + "}"
}
