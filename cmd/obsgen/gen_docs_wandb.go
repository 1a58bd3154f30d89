package main

import (
	"fmt"
	"strings"

	"github.com/genolewm/obs/registry"
)

// wandbEventsNote and wandbMetricsNote head the docs: what the W&B sink
// forwards is exactly what the pages list.
const (
	wandbEventsNote = "**W&B.** With `-wandb-project NAME` the runtime also writes an offline W&B run (README, \"Weights & Biases\"). " +
		"It forwards only the keys an event's W&B line lists, of the records that pass the redaction filter and the sampling rule; " +
		"events without a W&B line never reach it."
	wandbMetricsNote = "A W&B line says how a metric reaches the offline W&B run of `-wandb-project`; metrics without one never do."
)

// wandbEventText says, in docs/api/log-events.md, which keys of an event's
// records reach a W&B run and under which names (registry/wandb.go).
func wandbEventText(ev *registry.Event) string {
	w := ev.WandB
	var items []string
	for _, f := range w.Fields {
		items = append(items, "`"+wandbItem(ev, f.Value)+"`")
	}
	var role string
	switch w.As {
	case registry.WandBHistory:
		role = "history, one row per step (`_step` is the record's step)"
	case registry.WandBSummary:
		role = "summary, last value wins"
	case registry.WandBConfig:
		role = "config"
	}
	s := fmt.Sprintf("%s: %s", role, strings.Join(items, ", "))
	if w.Key != "" {
		s += fmt.Sprintf("; `<%s>` is the record's `%s`", w.Key, w.Key)
	}
	var left []string
	for _, f := range ev.Fields {
		if !w.Forwards(f.Name) && f.Name != w.Key {
			left = append(left, "`"+f.Name+"`")
		}
	}
	if len(left) > 0 {
		s += "; not forwarded: " + strings.Join(left, ", ")
	}
	return s
}

// wandbItem is the W&B item name of forwarded key f of ev.
func wandbItem(ev *registry.Event, f string) string {
	w := ev.WandB
	switch {
	case w.As == registry.WandBConfig:
		return f
	case w.Key != "" && len(w.Fields) == 1:
		return ev.Name + ".<" + w.Key + ">"
	case w.Key != "":
		return ev.Name + ".<" + w.Key + ">." + f
	}
	return ev.Name + "." + f
}

// wandbMetricText says, in docs/api/metrics.md, how a metric reaches a W&B
// run.
func wandbMetricText(m *registry.Metric) string {
	what := "`" + m.Name + "`"
	if len(m.Labels) > 0 {
		var ls []string
		for _, l := range m.Labels {
			ls = append(ls, "<"+l.Name+">")
		}
		what = "`" + m.Name + "." + strings.Join(ls, ".") + "`"
	}
	switch {
	case m.WandB == registry.WandBSummary:
		return "summary item " + what + ", its value at the end of the run"
	case m.Kind == "histogram":
		return "history item " + what + " in every row, the mean of the observations since the previous row (" + m.Unit + ")"
	}
	return "history item " + what + " in every row, its value when the row is written"
}
