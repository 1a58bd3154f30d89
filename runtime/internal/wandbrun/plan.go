package wandbrun

import (
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// What to forward is decided once, from the registry's marks
// (registry/wandb.go), into a table by event id: a record of an event the
// registry does not mark costs the sink one index and one comparison.

type eventPlan struct {
	role   schema.WandBRole
	event  string
	fields []fieldPlan
	// key is the data key whose value names the items ("" for none).
	key string
}

type fieldPlan struct {
	key  string // the data key
	kind schema.Kind
	// item is the item name when it does not depend on the record: the
	// dotted <event>.<key> of history and summary, the plain key of
	// config.
	item string
}

func planEvents(reg *schema.Registry) []eventPlan {
	plans := make([]eventPlan, reg.NumEvents())
	for i := range plans {
		ev := reg.Event(schema.EventID(i))
		p := eventPlan{role: ev.WandB(), event: ev.Name()}
		if p.role == schema.WandBNone {
			plans[i] = p
			continue
		}
		if k := ev.WandBKey(); k >= 0 {
			p.key = ev.Field(k).Name
		}
		for _, fi := range ev.WandBFields() {
			f := ev.Field(fi)
			fp := fieldPlan{key: f.Name, kind: f.Kind, item: ev.Name() + "." + f.Name}
			if p.role == schema.WandBConfig {
				fp.item = f.Name
			}
			p.fields = append(p.fields, fp)
		}
		plans[i] = p
	}
	return plans
}

// itemName is the name of forwarded field f of a record whose naming key
// holds keyVal ("" when the event has none): <event>.<value> when the
// event forwards one key, <event>.<value>.<key> when several.
func (p *eventPlan) itemName(f *fieldPlan, keyVal string) string {
	switch {
	case p.key == "":
		return f.item
	case len(p.fields) == 1:
		return p.event + "." + keyVal
	}
	return p.event + "." + keyVal + "." + f.key
}

// metricPlan reads one marked family from the metric runtime, as the
// Prometheus textfile exporter does: every series of the bounded label
// set, read live.
type metricPlan struct {
	fam    *metric.Family
	desc   *metric.Desc
	labels [][]string // label values by series
	// seen marks gauge series that ever held a value other than 0: an
	// idle gauge reads 0, which must not chart as a real zero.
	seen []bool
	// rowCount and rowSum are each histogram series' count and sum when
	// the previous history row was written.
	rowCount []uint64
	rowSum   []float64
	// pendCount and pendSum are what the row being built read.
	pendCount []uint64
	pendSum   []float64
}

func planMetrics(reg *schema.Registry) (history, summary []*metricPlan) {
	for _, f := range schema.Families(reg) {
		d := f.Desc()
		if d.WandB == metric.WandBNone {
			continue
		}
		n := d.Series()
		p := &metricPlan{fam: f, desc: d, labels: make([][]string, n), seen: make([]bool, n),
			rowCount: make([]uint64, n), rowSum: make([]float64, n), pendCount: make([]uint64, n), pendSum: make([]float64, n)}
		for s := range n {
			p.labels[s] = d.LabelValues(s)
		}
		if d.WandB == metric.WandBHistory {
			history = append(history, p)
		} else {
			summary = append(summary, p)
		}
	}
	return history, summary
}
