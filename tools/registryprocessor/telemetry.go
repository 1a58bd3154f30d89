package registryprocessor

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/tools/registryprocessor/internal/metadata"
)

// Items that are not a registered event, span or metric, as the item
// attribute names them: a bounded set, never a name that was sent.
const (
	itemUnregistered = "(unregistered)"
	itemResource     = "(resource)"
	itemScope        = "(scope)"
)

// telemetry counts drops in the Collector's own telemetry, by signal,
// item and rule; every attribute set is built once, from the registry's
// names and the rule names alone.
type telemetry struct {
	keys, refused metric.Int64Counter
	// sets[signal][item*numRules+rule], item counting the registered
	// items of the signal first, then the three extra ones.
	sets  [otlprules.NumSignals][]metric.AddOption
	items [otlprules.NumSignals]int
}

func newTelemetry(mp metric.MeterProvider, t *otlprules.Table) (*telemetry, error) {
	m := mp.Meter(metadata.ScopeName)
	tel := &telemetry{}
	var err error
	if tel.keys, err = m.Int64Counter(metadata.MetricKeysDropped, metric.WithUnit("{key}"),
		metric.WithDescription("Keys dropped by a registry rule (lenient), found on refused records (strict) or found (report), by signal, item and rule.")); err != nil {
		return nil, err
	}
	if tel.refused, err = m.Int64Counter(metadata.MetricItemsRefused, metric.WithUnit("{item}"),
		metric.WithDescription("Log records, spans and data points refused by a registry rule, by signal, item and rule.")); err != nil {
		return nil, err
	}
	rules := otlprules.RuleNames()
	for sig, names := range [otlprules.NumSignals][]string{t.Events(), t.Spans(), t.Metrics()} {
		names = append(names, itemUnregistered, itemResource, itemScope)
		tel.items[sig] = len(names) - 3
		sets := make([]metric.AddOption, 0, len(names)*len(rules))
		for _, item := range names {
			for _, rule := range rules {
				sets = append(sets, metric.WithAttributeSet(attribute.NewSet(
					attribute.String("signal", otlprules.Signal(sig).String()),
					attribute.String("item", item),
					attribute.String("rule", rule))))
			}
		}
		tel.sets[sig] = sets
	}
	return tel, nil
}

// index is the attribute set of a finding.
func (tel *telemetry) index(f *otlprules.Finding) int {
	item := f.Item
	switch {
	case item >= 0:
	case f.Part == otlprules.PartResource && !f.Refused:
		item = tel.items[f.Signal] + 1
	case f.Part == otlprules.PartScope && !f.Refused:
		item = tel.items[f.Signal] + 2
	default:
		item = tel.items[f.Signal]
	}
	return item*int(otlprules.NumRules) + int(f.Rule)
}

// counter collects the counts of one batch and adds them at its end: a
// batch usually trips few rules, so a short list beats a map.
type counter struct {
	tel   *telemetry
	sig   otlprules.Signal
	keys  []count
	items []count
	next  otlprules.Observer // the report's, or Discard
}

type count struct{ set, n int }

func (c *counter) Found(f *otlprules.Finding) {
	list := &c.keys
	switch {
	case f.Refused:
		list = &c.items
	case f.Whole || f.Rule == otlprules.RuleRequired:
		// Not a key that was dropped: the refusal that follows (or, for
		// a missing key in lenient mode, nothing, as in the filter's own
		// redacted_keys) counts it.
		c.next.Found(f)
		return
	}
	set := c.tel.index(f)
	for i := range *list {
		if (*list)[i].set == set {
			(*list)[i].n++
			c.next.Found(f)
			return
		}
	}
	*list = append(*list, count{set, 1})
	c.next.Found(f)
}

func (c *counter) Seen(s otlprules.Signal, item int) { c.next.Seen(s, item) }

func (c *counter) flush(ctx context.Context) {
	sets := c.tel.sets[c.sig]
	for _, k := range c.keys {
		c.tel.keys.Add(ctx, int64(k.n), sets[k.set])
	}
	for _, k := range c.items {
		c.tel.refused.Add(ctx, int64(k.n), sets[k.set])
	}
}
