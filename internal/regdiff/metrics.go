package regdiff

import (
	"strconv"

	"github.com/genolewm/obs/registry"
)

func (d *differ) metrics(b, h *registry.Registry) {
	pairs, added, removed := pairUp(b.Metrics, h.Metrics, metricNames)
	newNames := names(added, metricNames.name)
	folded := replacements(pairs, metricNames)
	for _, p := range pairs {
		item := "metric " + p.head.Name
		if p.how != sameName {
			d.add(MetricRenamed, item, p.head.At("name"), p.base.Name, p.head.Name, "declared by renamed_from"+promNote(p.base, p.head))
		}
		d.compareMetric(item, p.base, p.head, newNames)
	}
	for _, m := range added {
		if folded[m.Name] {
			continue
		}
		d.add(MetricAdded, "metric "+m.Name, m.Pos, "", m.Kind+", "+m.Unit, "Prometheus "+m.PromName)
	}
	for _, m := range removed {
		d.add(MetricRemoved, "metric "+m.Name, m.Pos, m.Kind+", "+m.Unit, "", removedNote(m.Deprecated))
	}
}

// promNote names the Prometheus series that moves with a change, since
// that is the name dashboards use.
func promNote(b, h *registry.Metric) string {
	if b.PromName == h.PromName {
		return ""
	}
	return "; Prometheus name " + b.PromName + " becomes " + h.PromName
}

func (d *differ) compareMetric(item string, b, h *registry.Metric, newMetrics map[string]bool) {
	if b.Kind != h.Kind {
		d.add(MetricKind, item, h.At("kind"), b.Kind, h.Kind, trimSemi(promNote(b, h)))
	}
	if b.Unit != h.Unit {
		note := ""
		if b.Kind == h.Kind {
			note = trimSemi(promNote(b, h))
		}
		d.add(MetricUnit, item, h.At("unit"), b.Unit, h.Unit, note)
	}
	d.compareLifecycle(metricLC, item,
		lifecycle{b.Description, b.Stability, b.Since, b.Deprecated, &b.Node},
		lifecycle{h.Description, h.Stability, h.Since, h.Deprecated, &h.Node}, newMetrics)
	d.compareMetricWandB(item, b, h)

	bb, hb := floatSet(b.Buckets), floatSet(h.Buckets)
	for _, x := range h.Buckets {
		if !bb[x] {
			d.add(BucketAdded, item+" bucket "+fmtFloat(x), h.At("buckets"), "", fmtFloat(x), "")
		}
	}
	for _, x := range b.Buckets {
		if !hb[x] {
			d.add(BucketRemoved, item+" bucket "+fmtFloat(x), h.At("buckets"), fmtFloat(x), "", "")
		}
	}

	base := map[string]*registry.Label{}
	for _, l := range b.Labels {
		base[l.Name] = l
	}
	for _, l := range h.Labels {
		litem := item + " label " + l.Name
		o, ok := base[l.Name]
		if !ok {
			d.add(LabelAdded, litem, l.Pos, "", l.Name, "every series of the metric gets a new label")
			continue
		}
		delete(base, l.Name)
		if o.Description != l.Description {
			d.add(LabelDescription, litem, l.At("description"), o.Description, l.Description, "")
		}
		// Values taken from the registry follow its events or error
		// codes; the series still change, so they are reported too.
		note := ""
		if l.ValuesFrom != "" {
			note = "follows values_from: " + l.ValuesFrom
		}
		ov, nv := stringSet(o.Resolved), stringSet(l.Resolved)
		for _, v := range l.Resolved {
			if !ov[v] {
				d.add(LabelValueAdded, litem+" value "+v, valuePos(l, v), "", v, note)
			}
		}
		for _, v := range o.Resolved {
			if !nv[v] {
				d.add(LabelValueRemoved, litem+" value "+v, l.Pos, v, "", note)
			}
		}
	}
	for _, l := range b.Labels {
		if base[l.Name] != nil {
			d.add(LabelRemoved, item+" label "+l.Name, l.Pos, l.Name, "", "")
		}
	}
}

// valuePos points at a label value, or at values_from when the value comes
// from the registry.
func valuePos(l *registry.Label, v string) registry.Pos {
	for _, id := range l.Values {
		if id.Value == v {
			return id.Pos
		}
	}
	return l.At("values_from")
}

func trimSemi(s string) string {
	if len(s) > 2 && s[:2] == "; " {
		return s[2:]
	}
	return s
}

func floatSet(xs []float64) map[float64]bool {
	out := map[float64]bool{}
	for _, x := range xs {
		out[x] = true
	}
	return out
}

func stringSet(xs []string) map[string]bool {
	out := map[string]bool{}
	for _, x := range xs {
		out[x] = true
	}
	return out
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
